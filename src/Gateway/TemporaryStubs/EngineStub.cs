// TEMPORARY stub (main owns the real one): delete this file when AddCartoonEngine lands in main.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Registers nothing yet: the stub bus hosts no tier consumers, so nothing asks for an engine.</summary>
    public static IServiceCollection AddCartoonEngine(this IServiceCollection services, IConfiguration configuration) => services;
}
