-- Sign-in codes are removed after their retention period (SignInCodeRetention), oldest first
-- in batches; without this index each batch would read the whole table to find the oldest.
CREATE INDEX ix_sign_in_code_created ON sign_in_code (created_at);
