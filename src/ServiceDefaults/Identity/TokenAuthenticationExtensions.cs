using System.Security.Cryptography;
using Habatan.ServiceDefaults.Http;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Habatan.ServiceDefaults.Identity;

public static class TokenAuthenticationExtensions
{
    // The gateway and every service validate the same way: an ES256 signature by the members
    // service's key (no other algorithm, so "alg: none" and HMAC-with-the-public-key tricks
    // fail), issuer, audience, lifetime, and a session that was not signed out.
    public static IHostApplicationBuilder AddTokenAuthentication(this IHostApplicationBuilder builder)
    {
        var publicKeyPem =
            builder.Configuration[TokenParameters.PublicKeyKey]
            ?? throw new InvalidOperationException(
                $"{TokenParameters.PublicKeyKey} is not configured: "
                    + "the AppHost passes the members service's public key."
            );
        var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RevokedSessions>();
        // Replaced by the shared revocation cache where one is configured (Infrastructure).
        builder.Services.TryAddSingleton<ISessionCheck>(sp => sp.GetRequiredService<RevokedSessions>());
        builder
            .Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = TokenParameters.Issuer,
                    ValidAudience = TokenParameters.Audience,
                    IssuerSigningKey = new ECDsaSecurityKey(key),
                    ValidAlgorithms = [TokenParameters.Algorithm],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = TokenParameters.SubjectClaim,
                    RoleClaimType = TokenParameters.RoleClaim,
                };
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = CheckSessionAsync,
                    // Say what to do, in the words the portal shows, instead of an empty 401/403.
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        if (context.HttpContext.Items.ContainsKey(UnverifiableSession))
                        {
                            // Not "sign in again": that would not help. The person can retry shortly.
                            context.Response.Headers.RetryAfter = ServiceUnavailable.RetryAfterSeconds;
                            await WriteProblemAsync(
                                context.HttpContext,
                                StatusCodes.Status503ServiceUnavailable,
                                "ただいまサインイン状態を確認できません。",
                                "しばらくしてから、もう一度お試しください。"
                            );
                            return;
                        }
                        await WriteProblemAsync(
                            context.HttpContext,
                            StatusCodes.Status401Unauthorized,
                            "サインインが必要です。",
                            "サインインし直してから、もう一度お試しください。"
                        );
                    },
                    OnForbidden = context =>
                        WriteProblemAsync(
                            context.HttpContext,
                            StatusCodes.Status403Forbidden,
                            "この操作を行う権限がありません。",
                            "権限が必要な場合は、管理者に依頼してください。"
                        ),
                };
            });

        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(
                Policies.Member,
                policy => policy.RequireAuthenticatedUser().RequireClaim(TokenParameters.SubjectClaim)
            )
            .AddPolicy(Policies.Reviewer, policy => policy.RequireRole(Roles.Reviewer))
            .AddPolicy(Policies.Operator, policy => policy.RequireRole(Roles.Operator))
            .AddPolicy(Policies.Approver, policy => policy.RequireRole(Roles.Approver))
            .AddPolicy(Policies.Auditor, policy => policy.RequireRole(Roles.Auditor))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Ops, policy => policy.RequireRole(Roles.Operator, Roles.Approver))
            // Anything not marked public needs a valid token: forgetting a policy fails closed. Routing's
            // own refusals (a body of the wrong media type, a wrong method) stay what they are, so
            // a public endpoint never answers them with "sign in".
            .SetFallbackPolicy(
                new AuthorizationPolicyBuilder()
                    .RequireAssertion(context =>
                        context.User.Identity?.IsAuthenticated == true || IsRoutingRefusal(context.Resource)
                    )
                    .Build()
            );
        return builder;
    }

    private static readonly object UnverifiableSession = new();

    private static async Task CheckSessionAsync(TokenValidatedContext context)
    {
        var session = context.Principal?.FindFirst(TokenParameters.SessionClaim)?.Value;
        if (!Guid.TryParse(session, out var sessionId))
        {
            context.Fail("The token names no session.");
            return;
        }
        var check = context.HttpContext.RequestServices.GetRequiredService<ISessionCheck>();
        switch (await check.CheckAsync(sessionId, context.HttpContext.RequestAborted))
        {
            case SessionState.Revoked:
                context.Fail("This session was signed out.");
                break;
            case SessionState.Unverifiable:
                context.HttpContext.Items[UnverifiableSession] = true;
                context.Fail("Whether this session was signed out cannot be checked now.");
                break;
        }
    }

    // The endpoints routing makes for a 415 or 405 carry no metadata, only these names.
    private static bool IsRoutingRefusal(object? resource) =>
        resource is HttpContext { } http
        && http.GetEndpoint() is { Metadata.Count: 0 } endpoint
        && endpoint.DisplayName is "415 HTTP Unsupported Media Type" or "405 HTTP Method Not Supported";

    private static Task WriteProblemAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http
            .RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(
                new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = status,
                        Title = title,
                        Detail = detail,
                    },
                }
            )
            .AsTask();
    }
}
