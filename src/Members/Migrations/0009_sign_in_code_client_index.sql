-- The per-client code limit counted a client's recent codes with no index to read them by, so
-- every code request scanned the whole table: at the 9:00 tranche (~200,000 sign-ins) the
-- scans grew with the table and PostgreSQL took most of the machine. The count now reads this
-- index and stops at the limit (SignInCodeRequests), so a request costs the same on day one
-- and day ninety, and a busy shared address (a carrier's NAT) costs at most the limit.
CREATE INDEX ix_sign_in_code_client ON sign_in_code (client_address, created_at DESC)
    WHERE client_address IS NOT NULL;
