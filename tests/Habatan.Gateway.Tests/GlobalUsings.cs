global using Habatan.Gateway.Tests.Support;
global using Habatan.TestSupport;
global using Xunit;
