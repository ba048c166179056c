global using System.Security.Claims;
global using Habatan.Infrastructure.Data;
global using Habatan.ServiceDefaults.Identity;
global using Habatan.ServiceDefaults.Input;
