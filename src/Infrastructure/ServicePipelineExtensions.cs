using System.Reflection;
using Habatan.Infrastructure.Diagnostics;
using Habatan.Infrastructure.Migrations;
using Habatan.ServiceDefaults.Input;
using Habatan.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Habatan.Infrastructure;

public static class ServicePipelineExtensions
{
    // The request pipeline every service shares: its schema brought up to date (or checked, see
    // SchemaStartup) before any traffic, problem details for errors, the input rules, token checks,
    // health, the OpenAPI document and the pipeline probe. The service then maps only its own APIs.
    public static async Task UseServiceInfrastructureAsync(
        this WebApplication app,
        string serviceName,
        Assembly serviceAssembly
    )
    {
        await app.PrepareSchemaAsync(serviceName, serviceAssembly);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseInputRules();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapServiceOpenApi();
        app.MapPipelineProbeApi(serviceName);
        app.MapOutboxDeadLetterApi(serviceName);
    }
}
