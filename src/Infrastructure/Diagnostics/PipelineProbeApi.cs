using Habatan.Contracts.Diagnostics;
using Habatan.Infrastructure.Data;
using Habatan.Infrastructure.Outbox;
using Habatan.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Habatan.Infrastructure.Diagnostics;

// For the engineer on call: send a probe through this service's outbox, then ask each service
// whether it arrived, how often (exactly once) and in which trace.
public static class PipelineProbeApi
{
    public static IEndpointRouteBuilder MapPipelineProbeApi(this IEndpointRouteBuilder app, string serviceName)
    {
        var probes = app.MapGroup($"/api/{serviceName}/probes")
            .WithTags("Diagnostics")
            .RequireAuthorization(Policies.Operator);
        probes.MapPost(
            "/",
            (DbSession session, IOutbox outbox, CancellationToken ct) => SendAsync(serviceName, session, outbox, ct)
        );
        probes.MapGet("/{probeId:guid}", ReceiptsAsync);
        return app;
    }

    private static async Task<IResult> SendAsync(
        string serviceName,
        DbSession session,
        IOutbox outbox,
        CancellationToken cancellationToken
    )
    {
        var probe = new PipelineProbeSent(Guid.NewGuid(), serviceName, DateTimeOffset.UtcNow);
        await outbox.PublishAsync(probe, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/api/{serviceName}/probes/{probe.ProbeId}", new { probe.ProbeId });
    }

    private static async Task<IResult> ReceiptsAsync(
        Guid probeId,
        NpgsqlDataSource dataSource,
        CancellationToken cancellationToken
    )
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT message_id, origin, trace_id, received_at FROM pipeline_probe_receipt
            WHERE probe_id = $1 ORDER BY received_at
            """
        );
        command.Parameters.Add(new() { Value = probeId });
        var receipts = new List<ProbeReceipt>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            receipts.Add(
                new ProbeReceipt(
                    reader.GetGuid(0),
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3)
                )
            );
        return TypedResults.Ok(new ProbeReceipts(probeId, receipts));
    }
}

public sealed record ProbeReceipt(Guid MessageId, string Origin, string? TraceId, DateTimeOffset ReceivedAt);

public sealed record ProbeReceipts(Guid ProbeId, IReadOnlyList<ProbeReceipt> Receipts);
