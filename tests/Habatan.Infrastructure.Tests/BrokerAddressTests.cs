namespace Habatan.Infrastructure.Tests;

public sealed class BrokerAddressTests
{
    [Fact]
    public void ReadsTheAppHostsConnectionString()
    {
        var broker = BrokerAddress.Parse(new Uri("amqp://habatan:p%40ss@127.0.0.1:56720"));

        Assert.Equal(
            ("127.0.0.1", (ushort)56720, "/", "habatan", "p@ss", false),
            (broker.Host, broker.Port, broker.VirtualHost, broker.Username, broker.Password, broker.UseTls)
        );
        Assert.Equal(["127.0.0.1:56720"], broker.Nodes);
    }

    [Fact]
    public void ReadsTlsAClustersNodesAndAVirtualHostWithoutPrintingThePassword()
    {
        var broker = BrokerAddress.Parse(
            new Uri("amqps://svc:secret@mq-0.example.jp/habatan?nodes=mq-1.example.jp,mq-2.example.jp:5682")
        );

        Assert.True(broker.UseTls);
        Assert.Equal(5671, broker.Port);
        Assert.Equal("habatan", broker.VirtualHost);
        Assert.Equal(["mq-0.example.jp:5671", "mq-1.example.jp:5671", "mq-2.example.jp:5682"], broker.Nodes);
        Assert.DoesNotContain("secret", broker.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesAnotherScheme() =>
        Assert.Throws<FormatException>(() => BrokerAddress.Parse(new Uri("rabbitmq://host/")));
}
