global using System.Security.Claims;
global using Habatan.Infrastructure.Data;
global using Habatan.Infrastructure.Outbox;
global using Habatan.ServiceDefaults.Identity;
