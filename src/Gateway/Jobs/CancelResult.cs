namespace Cartoon.Gateway.Jobs;

public enum CancelResult
{
    NotFound,
    Canceled,
    AlreadyCanceled,
    AlreadyTerminal,
}
