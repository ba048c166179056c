global using Habatan.Infrastructure.Tests.Support;
global using Habatan.TestSupport;
global using Microsoft.Extensions.DependencyInjection;
global using Npgsql;
global using Xunit;
