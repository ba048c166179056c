using Habatan.Applications.Submissions;

namespace Habatan.Applications.Tests.Submissions;

// The one name rule (Submissions/PersonName): the repertoire a municipality records, NFC-normalised.
public sealed class PersonNameTests
{
    [Theory]
    [InlineData("山田", "山田")]
    [InlineData("佐々木", "佐々木")]
    [InlineData("𠮷田", "𠮷田")]
    [InlineData("髙橋", "髙橋")]
    [InlineData("﨑山", "﨑山")]
    [InlineData("一ヶ谷", "一ヶ谷")]
    [InlineData("はなこ", "はなこ")]
    [InlineData("ハナコ", "ハナコ")]
    [InlineData("SMITH JOHN", "SMITH JOHN")]
    [InlineData("O'BRIEN", "O'BRIEN")]
    [InlineData("Ｓｍｉｔｈ", "Smith")]
    [InlineData("ﾊﾅｺ", "ハナコ")]
    [InlineData("  山田\u3000花子 ", "山田\u3000花子")]
    [InlineData("か\u3099おる", "がおる")]
    public void NamesOfTheRepertoireAreAcceptedAndNormalised(string typed, string stored) =>
        Assert.Equal(stored, PersonName.Name(typed));

    [Theory]
    [InlineData("山田😀")]
    [InlineData("👨‍👩‍👧")]
    [InlineData("\u0301山田")]
    [InlineData("\u3099山田")]
    [InlineData("葛\U000E0100城")]
    [InlineData("山\uFE0F田")]
    [InlineData("山田\uE000")]
    [InlineData("山田1")]
    [InlineData("山田１")]
    [InlineData("山田@")]
    [InlineData("山田\u200B")]
    [InlineData("Ｍüller")]
    [InlineData("㈱山田")]
    [InlineData("山田  太郎")]
    [InlineData("")]
    [InlineData("   ")]
    public void WhatIsNotANameIsRefused(string typed) => Assert.Null(PersonName.Name(typed));

    [Fact]
    public void FortyStackedMarksAreRefused() => Assert.Null(PersonName.Name("山" + new string('\u0301', 40)));

    [Fact]
    public void AtMostFiftyCharacters()
    {
        Assert.NotNull(PersonName.Name(new string('山', 50)));
        Assert.Null(PersonName.Name(new string('山', 51)));
    }

    [Theory]
    [InlineData("ヤマダ", "ヤマダ")]
    [InlineData("ｻｻｷ", "ササキ")]
    [InlineData("ジョン・スミス", "ジョン・スミス")]
    [InlineData("ヤマダ\u3000ハナコ", "ヤマダ\u3000ハナコ")]
    [InlineData("コーヘイ", "コーヘイ")]
    [InlineData("ひょうご ", "ヒョウゴ")]
    public void KanaIsStoredAsKatakana(string typed, string stored) => Assert.Equal(stored, PersonName.Kana(typed));

    [Theory]
    [InlineData("山田")]
    [InlineData("YAMADA")]
    [InlineData("ヤマダ😀")]
    [InlineData("\u3099ヤマダ")]
    public void KanaRefusesKanjiLatinAndEmoji(string typed) => Assert.Null(PersonName.Kana(typed));

    [Fact]
    public void MessagesSayWhatToType()
    {
        Assert.Contains("カタカナ", PersonName.KanaMessage("フリガナ（セイ）"), StringComparison.Ordinal);
        Assert.Contains("絵文字", PersonName.NameMessage("氏名（姓）"), StringComparison.Ordinal);
    }
}
