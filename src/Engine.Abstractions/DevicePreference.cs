namespace Cartoon.Engine;

public enum DevicePreference
{
    Auto,
    Cuda,
    Cpu,
}
