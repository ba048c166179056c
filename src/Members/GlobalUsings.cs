global using Habatan.ServiceDefaults.Input;
