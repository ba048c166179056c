using System.Diagnostics;
using Habatan.Contracts.Diagnostics;
using Habatan.Infrastructure.Data;
using MassTransit;

namespace Habatan.Infrastructure.Diagnostics;

// Records a received probe with the trace it arrived in, inside the inbox's transaction.
public sealed class PipelineProbeConsumer(DbSession session) : IConsumer<PipelineProbeSent>
{
    public async Task Consume(ConsumeContext<PipelineProbeSent> context)
    {
        await session.ExecuteAsync(
            "INSERT INTO pipeline_probe_receipt (probe_id, message_id, origin, trace_id) VALUES ($1, $2, $3, $4)",
            context.CancellationToken,
            context.Message.ProbeId,
            context.MessageId!.Value,
            context.Message.Origin,
            Activity.Current?.TraceId.ToString()
        );
    }
}
