namespace Habatan.Notifications.Tests.Support;

// Makes the commit of the transaction that handles one message fail, once, after the consumer
// has done all its work (the send included): a deferred constraint trigger on the message's inbox
// row raises at COMMIT. A sequence counts the firings, since nextval is not undone by the rollback.
public sealed class CommitFailure : IAsyncDisposable
{
    private readonly NotificationsService _service;
    private readonly string _name;

    private CommitFailure(NotificationsService service, string name)
    {
        _service = service;
        _name = name;
    }

    public static async Task<CommitFailure> OnceForAsync(NotificationsService service, Guid messageId)
    {
        var name = $"fail_commit_{messageId:N}";
        await service.ExecuteAsync(
            $"""
            CREATE SEQUENCE {name};
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.message_id = '{messageId}' AND nextval('{name}') = 1 THEN
                    RAISE EXCEPTION 'injected: the commit fails after the send';
                END IF;
                RETURN NULL;
            END $$;
            CREATE CONSTRAINT TRIGGER {name} AFTER INSERT ON inbox_message
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {name}();
            """
        );
        return new CommitFailure(service, name);
    }

    // How many commits of the message were tried: the failed one and the retries.
    public async Task<long> CommitsAsync() =>
        await _service.ScalarAsync($"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {_name}");

    public async ValueTask DisposeAsync() =>
        await _service.ExecuteAsync(
            $"""
            DROP TRIGGER {_name} ON inbox_message;
            DROP FUNCTION {_name}();
            DROP SEQUENCE {_name};
            """
        );
}
