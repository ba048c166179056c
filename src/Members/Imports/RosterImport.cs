using Habatan.Members.Identity;
using Habatan.Members.Imports.Files;
using Habatan.Members.SignIn;
using Npgsql;
using NpgsqlTypes;

namespace Habatan.Members.Imports;

// The member roster: one row per member, merged by normalized email. A new address becomes a
// member with a fresh random public id; a known one gets the file's channels and withdrawal
// date. Members absent from the file are left as they are: a roster adds and updates, it never
// deletes.
public sealed class RosterImport : ImportDefinition
{
    public const string Email = "メールアドレス";
    public const string InboxOptIn = "アプリ内通知";
    public const string EmailOptIn = "メール配信";
    public const string WithdrawnOn = "退会日";

    private static readonly ImportLayout Columns = new([Email, InboxOptIn, WithdrawnOn], [EmailOptIn], []);

    public override ImportKind Kind => ImportKind.Roster;

    public override ImportLayout Layout => Columns;

    public override string CreateStagingSql =>
        """
            CREATE TEMP TABLE import_staging (
                row_number       integer NOT NULL,
                public_id        text    NOT NULL,
                email            text    NOT NULL,
                email_normalized text    NOT NULL,
                inbox_opt_in     boolean NOT NULL,
                email_opt_in     boolean NOT NULL,
                withdrawn_on     date    NULL
            ) ON COMMIT DROP
            """;

    public override string CopySql =>
        """
            COPY import_staging
                (row_number, public_id, email, email_normalized, inbox_opt_in, email_opt_in, withdrawn_on)
            FROM STDIN (FORMAT BINARY)
            """;

    public override string CheckSql =>
        $"""
            SELECT row_number, '{Email}', email, 'ファイル内で重複しています（' || first_row || '行目と同じアドレス）。'
            FROM (
                SELECT row_number, email, {FirstRowWithSame("email_normalized")} AS first_row
                FROM import_staging) rows
            WHERE row_number <> first_row
            ORDER BY row_number
            """;

    public override string AnyStoredKeySql =>
        "SELECT EXISTS (SELECT 1 FROM import_staging s JOIN member m ON m.email_normalized = s.email_normalized)";

    // Withdrawal dates are calendar days in Japan: the member is withdrawn from that midnight JST.
    protected override string InsertSql =>
        """
                INSERT INTO member AS m (public_id, email, email_normalized, inbox_opt_in, email_opt_in, withdrawn_at)
                SELECT public_id, email, email_normalized, inbox_opt_in, email_opt_in,
                    withdrawn_on::timestamp AT TIME ZONE 'Asia/Tokyo'
                FROM import_staging
            """;

    // A roster without the mail column leaves each known member's choice as stored: it once
    // turned mail back on for everyone in the file who had opted out (issue 13, class 9).
    protected override string OnConflictSql(ImportColumns columns)
    {
        string[] set = columns.Has(EmailOptIn)
            ? ["inbox_opt_in", "email_opt_in", "withdrawn_at"]
            : ["inbox_opt_in", "withdrawn_at"];
        return $"""
                ON CONFLICT (email_normalized) DO UPDATE
                    SET {string.Join(", ", set.Select(c => $"{c} = EXCLUDED.{c}"))}
                    WHERE ({string.Join(", ", set.Select(c => $"m.{c}"))})
                        IS DISTINCT FROM ({string.Join(", ", set.Select(c => $"EXCLUDED.{c}"))})
            """;
    }

    public override void Stage(ImportRow row, ImportColumns columns, NpgsqlBinaryImporter copy, ImportErrorSink errors)
    {
        var valid = CheckShape(row, errors);
        var email = Check<EmailAddress>(row, Email, columns.Cell(row, Email), CellRules.Email, errors, ref valid);
        var inbox = Check<bool>(row, InboxOptIn, columns.Cell(row, InboxOptIn), CellRules.Flag, errors, ref valid);
        // Optional column. Without it a new member gets mail on, as at sign-in (the column's
        // default); a known member keeps what is stored (OnConflictSql).
        var mail =
            !columns.Has(EmailOptIn)
            || Check<bool>(row, EmailOptIn, columns.Cell(row, EmailOptIn), CellRules.Flag, errors, ref valid);
        var withdrawn = Check<DateOnly?>(
            row,
            WithdrawnOn,
            columns.Cell(row, WithdrawnOn),
            CellRules.OptionalDate,
            errors,
            ref valid
        );
        if (!valid)
            return;

        copy.StartRow();
        copy.Write(row.Number, NpgsqlDbType.Integer);
        copy.Write(PublicIds.New(), NpgsqlDbType.Text);
        copy.Write(email.Value, NpgsqlDbType.Text);
        copy.Write(email.Normalized, NpgsqlDbType.Text);
        copy.Write(inbox, NpgsqlDbType.Boolean);
        copy.Write(mail, NpgsqlDbType.Boolean);
        if (withdrawn is { } date)
            copy.Write(date, NpgsqlDbType.Date);
        else
            copy.WriteNull();
    }
}
