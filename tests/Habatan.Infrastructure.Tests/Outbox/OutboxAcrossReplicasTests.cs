using System.Diagnostics;
using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Outbox;

namespace Habatan.Infrastructure.Tests.Outbox;

// Replicas of a service share its database and its outbox; only one of them delivers at a time.
[Collection(ServersCollection.Name)]
public sealed class OutboxAcrossReplicasTests(ServersFixture servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AWriteOnAnyReplicaWakesTheDeliveringInstanceAtOnce()
    {
        var database = await servers.Postgres.CreateDatabaseAsync("replicas");
        await using var receiver = await TestService.StartAsync(
            "outbox-wake-receiver",
            await servers.Postgres.CreateDatabaseAsync("receiver"),
            servers.RabbitMq.Address,
            consumers: bus => bus.AddConsumer<RecordingConsumer>(),
            services: s => s.AddSingleton(new ConsumerFaults()),
            schemaSql: RecordingConsumer.Schema
        );
        // The poll would take a minute: only the NOTIFY can wake this instance in time.
        await using var deliverer = await TestService.StartAsync(
            "outbox-wake-sender",
            database,
            servers.RabbitMq.Address,
            settings: new Dictionary<string, string?> { ["Messaging:Outbox:PollInterval"] = "00:01:00" }
        );
        var listener = deliverer.Services.GetRequiredService<OutboxListener>();
        Assert.True(await Eventually.HoldsAsync(() => listener.IsListening, Patience), "LISTEN never began");
        await Task.Delay(500); // the pass the listener starts on connecting is over; the loop sleeps

        // Another replica writes: its own signal wakes nobody here, so this proves the NOTIFY.
        await using var otherReplica = NpgsqlDataSource.Create(database);
        var clock = Stopwatch.StartNew();
        await using (var session = new DbSession(otherReplica))
        {
            await new OutboxWriter(session, new OutboxSignal()).PublishAsync(new NumberedMessage(1));
            await session.CommitAsync();
        }

        var left = await Eventually.HoldsAsync(
            async () => await deliverer.ScalarAsync("SELECT count(*) FROM outbox_message") == 0,
            TimeSpan.FromSeconds(1)
        );
        var leftAfter = clock.Elapsed;
        Assert.True(left, "the message was still in the outbox after 1 s");
        Assert.True(
            await Eventually.HoldsAsync(
                async () => await receiver.ScalarAsync("SELECT count(*) FROM handled") == 1,
                Patience
            )
        );
        Console.WriteLine($"outbox NOTIFY wake: left the outbox {leftAfter.TotalMilliseconds:F0} ms after the commit");
    }

    [Fact]
    public async Task ARolledBackWriteWakesNobody()
    {
        var database = await servers.Postgres.CreateDatabaseAsync("replicas");
        // Started for its schema; its own listener is not the one counted.
        await using var service = await TestService.StartAsync("outbox-quiet", database, servers.RabbitMq.Address);
        await using var listening = NpgsqlDataSource.Create(database);
        await using var connection = await listening.OpenConnectionAsync();
        var notifications = 0;
        connection.Notification += (_, _) => Interlocked.Increment(ref notifications);
        await using (var listen = new NpgsqlCommand($"LISTEN {OutboxListener.Channel}", connection))
            await listen.ExecuteNonQueryAsync();

        await using (var session = new DbSession(listening))
        {
            await new OutboxWriter(session, new OutboxSignal()).PublishAsync(new NumberedMessage(1));
            await new OutboxWriter(session, new OutboxSignal()).PublishAsync(new NumberedMessage(2));
            await session.RollbackAsync();
        }
        await using (var session = new DbSession(listening))
        {
            var writer = new OutboxWriter(session, new OutboxSignal());
            await writer.PublishAsync(new NumberedMessage(3));
            await writer.PublishAsync(new NumberedMessage(4));
            await session.CommitAsync();
        }

        // One notification for the committed transaction (PostgreSQL folds repeats), none for the other.
        await connection.WaitAsync(TimeSpan.FromSeconds(5));
        while (await connection.WaitAsync(TimeSpan.FromMilliseconds(300))) { }
        Assert.Equal(1, notifications);
    }
}
