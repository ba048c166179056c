global using Habatan.Members.Tests.Support;
global using Habatan.TestSupport;
global using Microsoft.Extensions.DependencyInjection;
global using Xunit;
