-- Sign-outs and revoked roles end sessions early. RevocationSync reads the recent revocations
-- every second and all unexpired ones after a Redis restart; a revoked role ends all of one
-- member's live sessions.
CREATE INDEX ix_member_session_revoked
    ON member_session (revoked_at)
    WHERE revoked_at IS NOT NULL;

CREATE INDEX ix_member_session_live
    ON member_session (member_id)
    WHERE revoked_at IS NULL;
