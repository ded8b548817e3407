namespace Cartoon.Engine.Inference;

public sealed class ModelsNotFoundException(string message) : Exception(message);
