global using System.Net;
global using System.Net.Http.Json;
global using Aspire.Hosting;
global using Aspire.Hosting.ApplicationModel;
global using Aspire.Hosting.Testing;
global using Habatan.TestSupport;
global using Microsoft.Extensions.DependencyInjection;
global using Xunit;
