namespace Reconciler.Worker.Tests.Support;

/// <summary>Polls until a condition holds or a generous deadline passes. Tests wait for outcomes, never for a fixed time.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for {what}; last seen: {Describe(last)}");
            }

            await Task.Delay(200);
            last = await probe();
        }

        return last;
    }

    private static string Describe<T>(T value) =>
        value is System.Collections.IEnumerable items and not string
            ? string.Join("; ", items.Cast<object>())
            : value?.ToString() ?? "null";
}
