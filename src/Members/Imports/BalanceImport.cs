using Habatan.Members.Imports.Files;
using Habatan.Members.SignIn;
using Npgsql;
using NpgsqlTypes;

namespace Habatan.Members.Imports;

// The voucher platform's balance export (issue #17, point 8): per member (by email or member
// id) and campaign, the balance left and the usage deadline. The same strict rules as the
// entitlement file: the balance is a plain integer in yen (CellRules.Amount), any bad cell
// refuses the whole file with a report of every bad cell, and nothing of a refused file is
// stored. It only updates entitlements that exist: a balance for a member with no entitlement
// in the campaign, or more than was charged (premium included), is a cell error, not a new row.
public sealed class BalanceImport : ImportDefinition
{
    public const string Balance = "残高";
    public const string UsageDeadline = "利用期限";

    private static readonly ImportLayout Columns = new(
        [EntitlementImport.Campaign, Balance, UsageDeadline],
        [],
        [EntitlementImport.Email, EntitlementImport.MemberId]
    );

    public override ImportKind Kind => ImportKind.Balances;

    public override ImportLayout Layout => Columns;

    public override string CreateStagingSql =>
        """
            CREATE TEMP TABLE import_staging (
                row_number     integer NOT NULL,
                member_column  text    NOT NULL,
                member_key     text    NOT NULL,
                campaign_code  text    NOT NULL,
                balance_yen    bigint  NOT NULL,
                usage_deadline date    NOT NULL
            ) ON COMMIT DROP
            """;

    public override string CopySql =>
        """
            COPY import_staging (row_number, member_column, member_key, campaign_code, balance_yen, usage_deadline)
            FROM STDIN (FORMAT BINARY)
            """;

    // The member must exist and hold an entitlement in the campaign; the balance cannot exceed
    // what was charged plus the premium; a member twice in one campaign is an error.
    public override string CheckSql =>
        $"""
            SELECT s.row_number, s.member_column, s.member_key, '該当する会員が見つかりません。'
            FROM import_staging s
            WHERE NOT EXISTS (SELECT 1 FROM member m WHERE {MemberMatch})
            UNION ALL
            SELECT s.row_number, '{EntitlementImport.Campaign}', s.campaign_code, 'この会員はこのキャンペーンの権利を持っていません。'
            FROM import_staging s
            WHERE EXISTS (SELECT 1 FROM member m WHERE {MemberMatch})
              AND NOT EXISTS (SELECT 1 FROM member m JOIN entitlement e ON e.member_id = m.id
                              WHERE {MemberMatch} AND e.campaign_code = s.campaign_code)
            UNION ALL
            SELECT s.row_number, '{Balance}', s.balance_yen::text, '残高がチャージ額（プレミアム分を含む）を超えています。'
            FROM import_staging s
            JOIN member m ON {MemberMatch}
            JOIN entitlement e ON e.member_id = m.id AND e.campaign_code = s.campaign_code
            WHERE s.balance_yen > e.charged_amount_yen + e.premium_amount_yen
            UNION ALL
            SELECT row_number, '{EntitlementImport.Campaign}', campaign_code,
                   'ファイル内で同じ会員・キャンペーンが重複しています（' || first_row || '行目）。'
            FROM (SELECT row_number, campaign_code,
                         {FirstRowWithSame("member_key", "campaign_code")} AS first_row
                  FROM import_staging) rows
            WHERE row_number <> first_row
            ORDER BY 1
            """;

    // Every row updates an entitlement the check found: always the full merge.
    public override string AnyStoredKeySql => "SELECT true";

    // The INSERT never inserts (the check refused every row without an entitlement): it is the
    // shape the importer's merge takes, and ON CONFLICT makes it an update of the two columns.
    protected override string InsertSql =>
        $"""
                INSERT INTO entitlement AS e
                    (member_id, campaign_code, units, won_amount_yen, balance_yen, usage_deadline)
                SELECT m.id AS member_id, s.campaign_code, 0, 0, s.balance_yen, s.usage_deadline
                FROM import_staging s JOIN member m ON {MemberMatch}
                {InMemberOrder}
            """;

    protected override string OnConflictSql(ImportColumns columns) =>
        """
                ON CONFLICT (campaign_code, member_id) DO UPDATE
                    SET balance_yen = EXCLUDED.balance_yen, usage_deadline = EXCLUDED.usage_deadline, updated_at = now()
                    WHERE (e.balance_yen, e.usage_deadline)
                          IS DISTINCT FROM (EXCLUDED.balance_yen, EXCLUDED.usage_deadline)
            """;

    private const string MemberMatch = $"""
        (s.member_column = '{EntitlementImport.Email}' AND m.email_normalized = s.member_key
         OR s.member_column = '{EntitlementImport.MemberId}' AND m.public_id = s.member_key)
        """;

    public override void Stage(ImportRow row, ImportColumns columns, NpgsqlBinaryImporter copy, ImportErrorSink errors)
    {
        var valid = CheckShape(row, errors);
        var memberColumn = columns.Has(EntitlementImport.Email) ? EntitlementImport.Email : EntitlementImport.MemberId;
        var memberKey =
            memberColumn == EntitlementImport.Email
                ? Check<EmailAddress>(
                    row,
                    memberColumn,
                    columns.Cell(row, memberColumn),
                    CellRules.Email,
                    errors,
                    ref valid
                )?.Normalized
                : Check<string>(
                    row,
                    memberColumn,
                    columns.Cell(row, memberColumn),
                    CellRules.MemberId,
                    errors,
                    ref valid
                );
        var campaign = Check<string>(
            row,
            EntitlementImport.Campaign,
            columns.Cell(row, EntitlementImport.Campaign),
            CellRules.CampaignCode,
            errors,
            ref valid
        );
        var balance = Check<long>(row, Balance, columns.Cell(row, Balance), CellRules.Amount, errors, ref valid);
        var deadlineCell = columns.Cell(row, UsageDeadline);
        var deadline = Check<DateOnly?>(row, UsageDeadline, deadlineCell, CellRules.OptionalDate, errors, ref valid);
        if (valid && deadline is null)
        {
            errors.Add(
                row.Number,
                UsageDeadline,
                deadlineCell.Text,
                "利用期限を yyyy-MM-dd（例: 2026-03-31）で入力してください。"
            );
            valid = false;
        }
        if (!valid)
            return;

        copy.StartRow();
        copy.Write(row.Number, NpgsqlDbType.Integer);
        copy.Write(memberColumn, NpgsqlDbType.Text);
        copy.Write(memberKey!, NpgsqlDbType.Text);
        copy.Write(campaign, NpgsqlDbType.Text);
        copy.Write(balance, NpgsqlDbType.Bigint);
        copy.Write(deadline!.Value, NpgsqlDbType.Date);
    }
}
