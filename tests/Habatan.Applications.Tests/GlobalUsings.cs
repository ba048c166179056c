global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using Habatan.Applications.Tests.Support;
global using Habatan.TestSupport;
global using Microsoft.Extensions.DependencyInjection;
global using Npgsql;
global using Xunit;
