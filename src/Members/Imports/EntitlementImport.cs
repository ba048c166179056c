using Habatan.Members.Imports.Files;
using Habatan.Members.SignIn;
using Npgsql;
using NpgsqlTypes;

namespace Habatan.Members.Imports;

// The voucher platform's entitlement file: per member (by email or member id) and campaign,
// units, won amount and charged amount. The platform's file is its state at export time, so
// the merge sets the amounts (it does not add them): importing it again changes nothing.
public sealed class EntitlementImport : ImportDefinition
{
    public const string Email = RosterImport.Email;
    public const string MemberId = "会員ID";
    public const string Campaign = "キャンペーン";
    public const string Units = "口数";
    public const string Won = "当選額";
    public const string Charged = "チャージ額";

    private static readonly ImportLayout Columns = new([Campaign, Units, Won, Charged], [], [Email, MemberId]);

    public override ImportKind Kind => ImportKind.Entitlements;

    public override ImportLayout Layout => Columns;

    public override string CreateStagingSql =>
        """
            CREATE TEMP TABLE import_staging (
                row_number         integer NOT NULL,
                member_column      text    NOT NULL,
                member_key         text    NOT NULL,
                campaign_code      text    NOT NULL,
                units              integer NOT NULL,
                won_amount_yen     bigint  NOT NULL,
                charged_amount_yen bigint  NOT NULL
            ) ON COMMIT DROP
            """;

    public override string CopySql =>
        """
            COPY import_staging
                (row_number, member_column, member_key, campaign_code, units, won_amount_yen, charged_amount_yen)
            FROM STDIN (FORMAT BINARY)
            """;

    // Members are matched by normalized email or public id; a row naming nobody is an error,
    // not a silent skip, and so is the same member twice in one campaign.
    // One anti-join per way of naming a member: with an OR between them the planner can only run
    // each NOT EXISTS as a subplan per row.
    public override string CheckSql =>
        $"""
            SELECT s.row_number, s.member_column, s.member_key, '該当する会員が見つかりません。'
            FROM import_staging s
            WHERE s.member_column = '{Email}'
                AND NOT EXISTS (SELECT 1 FROM member m WHERE m.email_normalized = s.member_key)
            UNION ALL
            SELECT s.row_number, s.member_column, s.member_key, '該当する会員が見つかりません。'
            FROM import_staging s
            WHERE s.member_column = '{MemberId}'
                AND NOT EXISTS (SELECT 1 FROM member m WHERE m.public_id = s.member_key)
            UNION ALL
            SELECT row_number, '{Campaign}', campaign_code, 'ファイル内で同じ会員・キャンペーンが重複しています（' || first_row || '行目）。'
            FROM (
                SELECT row_number, campaign_code,
                    {FirstRowWithSame("member_key", "campaign_code")} AS first_row
                FROM import_staging) rows
            WHERE row_number <> first_row
            ORDER BY 1
            """;

    // Conservative and cheap (the unique index's leading column): any entitlement in one of the
    // file's campaigns sends the file through the full merge.
    public override string AnyStoredKeySql =>
        """
            SELECT EXISTS (
                SELECT 1 FROM entitlement e
                WHERE e.campaign_code IN (SELECT DISTINCT campaign_code FROM import_staging))
            """;

    // Two joins rather than one with OR, so each can use its unique index or a hash join; the rows
    // in member order (InMemberOrder).
    protected override string InsertSql =>
        $"""
                INSERT INTO entitlement AS e (member_id, campaign_code, units, won_amount_yen, charged_amount_yen)
                SELECT m.id AS member_id, s.campaign_code, s.units, s.won_amount_yen, s.charged_amount_yen
                FROM import_staging s JOIN member m ON m.email_normalized = s.member_key
                WHERE s.member_column = '{Email}'
                UNION ALL
                SELECT m.id, s.campaign_code, s.units, s.won_amount_yen, s.charged_amount_yen
                FROM import_staging s JOIN member m ON m.public_id = s.member_key WHERE s.member_column = '{MemberId}'
                {InMemberOrder}
            """;

    // Every column is required: the file always says all it may change.
    protected override string OnConflictSql(ImportColumns columns) =>
        """
                ON CONFLICT (campaign_code, member_id) DO UPDATE
                    SET units = EXCLUDED.units, won_amount_yen = EXCLUDED.won_amount_yen,
                        charged_amount_yen = EXCLUDED.charged_amount_yen, updated_at = now()
                    WHERE (e.units, e.won_amount_yen, e.charged_amount_yen)
                        IS DISTINCT FROM (EXCLUDED.units, EXCLUDED.won_amount_yen, EXCLUDED.charged_amount_yen)
            """;

    public override void Stage(ImportRow row, ImportColumns columns, NpgsqlBinaryImporter copy, ImportErrorSink errors)
    {
        var valid = CheckShape(row, errors);
        var memberColumn = columns.Has(Email) ? Email : MemberId;
        var memberKey =
            memberColumn == Email
                ? Check<EmailAddress>(
                    row,
                    Email,
                    columns.Cell(row, Email),
                    CellRules.Email,
                    errors,
                    ref valid
                )?.Normalized
                : Check<string>(row, MemberId, columns.Cell(row, MemberId), CellRules.MemberId, errors, ref valid);
        var campaign = Check<string>(
            row,
            Campaign,
            columns.Cell(row, Campaign),
            CellRules.CampaignCode,
            errors,
            ref valid
        );
        var units = Check<int>(row, Units, columns.Cell(row, Units), CellRules.Units, errors, ref valid);
        var won = Check<long>(row, Won, columns.Cell(row, Won), CellRules.Amount, errors, ref valid);
        var chargedCell = columns.Cell(row, Charged);
        var charged = Check<long>(row, Charged, chargedCell, CellRules.Amount, errors, ref valid);
        if (valid && charged > won)
        {
            errors.Add(row.Number, Charged, chargedCell.Text, "チャージ額が当選額を超えています。");
            valid = false;
        }
        if (!valid)
            return;

        copy.StartRow();
        copy.Write(row.Number, NpgsqlDbType.Integer);
        copy.Write(memberColumn, NpgsqlDbType.Text);
        copy.Write(memberKey!, NpgsqlDbType.Text);
        copy.Write(campaign, NpgsqlDbType.Text);
        copy.Write(units, NpgsqlDbType.Integer);
        copy.Write(won, NpgsqlDbType.Bigint);
        copy.Write(charged, NpgsqlDbType.Bigint);
    }
}
