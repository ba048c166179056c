global using System.Security.Claims;
global using Habatan.ServiceDefaults.Identity;
