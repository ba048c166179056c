using MassTransit;
using MassTransit.RabbitMqTransport.Configuration;

namespace Habatan.Infrastructure;

// Every service queue is a quorum queue, on one node as on a cluster: a message is kept by a
// majority of the nodes before the broker confirms it, so losing one node of three loses no
// message and the queue goes on on the others. One queue type everywhere: a developer's single
// node behaves as a platform's cluster does. RabbitMQ refuses to redeclare a queue with another
// type (PRECONDITION_FAILED), so a broker's classic queues from before must go first
// (eng/run-rabbitmq.sh does it for the AppHost's data folder; docs/running-more-than-one.md).
internal static class QuorumQueues
{
    public static void Declare(string queueName, IReceiveEndpointConfigurator endpoint)
    {
        // A temporary queue (SessionRevokedRegistration: one per process, auto-deleted with its
        // connection) cannot be a quorum queue: RabbitMQ refuses an exclusive or auto-delete one.
        // Nothing in it outlives its process anyway: after a reconnect the process declares it
        // again, and a revocation missed meanwhile is in Redis, which every validator asks.
        if (
            endpoint
                is IRabbitMqReceiveEndpointConfiguration
                {
                    Settings: { Durable: true, AutoDelete: false, Exclusive: false },
                }
            && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit
        )
            rabbit.SetQuorumQueue();
    }
}
