using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Cartoon.Engine.Inference;

/// <summary>
/// Builds ONNX Runtime sessions on the chosen device. CUDA is tried by appending its EP (listing providers is
/// not enough: GetAvailableProviders names CUDA even where its libraries cannot load); on failure the engine
/// falls back to CPU with a log line, unless Device = Cuda was demanded.
/// </summary>
public sealed class SessionFactory
{
    private readonly EngineOptions _options;
    private readonly ILogger _logger;

    public SessionFactory(EngineOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        (UseCuda, Device, FallbackReason) = Probe();
    }

    public bool UseCuda { get; }

    /// <summary>"cuda:N" or "cpu".</summary>
    public string Device { get; }

    /// <summary>Why CUDA is not used (null when it is, or when CPU was asked for).</summary>
    public string? FallbackReason { get; }

    /// <summary>
    /// Engine:IntraOpThreads, or else every core this process may use (.NET's count honours affinity and cgroup quotas).
    /// ONNX Runtime's own default counts physical cores, and on this project's 2-vCPU machines it ran one thread: the
    /// six-portrait CLI run took 8.75 s with one thread against 6.55 s on both cores (docs/benchmarks.md, "Issue 13").
    /// </summary>
    public int IntraOpThreads => _options.IntraOpThreads > 0 ? _options.IntraOpThreads : Environment.ProcessorCount;

    /// <summary>Whether each generator run ends by giving the CPU arena's unused chunks back.</summary>
    public bool ShrinkCpuArenaAfterRun => !UseCuda && _options.CpuMemoryArena && _options.CpuArenaShrink == ArenaShrink.AfterEachPass;

    /// <summary>Engine:Precision; the model registry resolves it per style against this factory's device.</summary>
    public PrecisionPreference Precision => _options.Precision;

    public InferenceSession Create(string modelPath)
    {
        using var so = CreateOptions(UseCuda);
        return new InferenceSession(modelPath, so);
    }

    private (bool, string, string?) Probe()
    {
        if (_options.Device == DevicePreference.Cpu)
            return (false, "cpu", null);
        try
        {
            using var so = CreateOptions(useCuda: true);
            _logger.LogInformation("ONNX Runtime CUDA execution provider active on device {DeviceId}", _options.CudaDeviceId);
            return (true, $"cuda:{_options.CudaDeviceId}", null);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            if (_options.Device == DevicePreference.Cuda)
                throw new InvalidOperationException($"Engine:Device is Cuda but the CUDA execution provider cannot start: {ex.Message}", ex);
            var reason = ex.Message.Split('\n')[0];
            _logger.LogWarning("CUDA execution provider unavailable ({Reason}); falling back to CPU", reason);
            return (false, "cpu", reason);
        }
    }

    private SessionOptions CreateOptions(bool useCuda)
    {
        var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            EnableCpuMemArena = _options.CpuMemoryArena,
            EnableMemoryPattern = _options.MemoryPattern ?? useCuda,
        };
        so.IntraOpNumThreads = IntraOpThreads;
        if ((_options.IntraOpSpinning ?? useCuda) is false)
            so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (!useCuda)
            return so;
        try
        {
            using var cuda = new OrtCUDAProviderOptions();
            var settings = new Dictionary<string, string>
            {
                ["device_id"] = _options.CudaDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["arena_extend_strategy"] = _options.CudaArenaExtendStrategy,
                ["cudnn_conv_algo_search"] = _options.CudnnConvAlgoSearch,
            };
            if (_options.CudaMemoryLimitBytes > 0)
                settings["gpu_mem_limit"] = _options.CudaMemoryLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            cuda.UpdateOptions(settings);
            so.AppendExecutionProvider_CUDA(cuda);
            return so;
        }
        catch
        {
            so.Dispose();
            throw;
        }
    }
}
