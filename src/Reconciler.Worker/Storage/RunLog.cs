using Npgsql;
using Reconciler.Worker.Telemetry;

namespace Reconciler.Worker.Storage;

/// <summary>Writes <c>reconcile_runs</c>: a row when a repository's job starts, completed when it ends.</summary>
public sealed class RunLog(NpgsqlDataSource dataSource)
{
    /// <summary>Errors are kept short: the row is an index into the logs, not a copy of them.</summary>
    public const int MaxErrorLength = 4000;

    public async Task<long> StartAsync(RunStart start, CancellationToken cancellationToken)
    {
        if (start.Recovering)
        {
            await AbandonAsync(start, cancellationToken);
        }

        await using var command = dataSource.CreateCommand("""
            INSERT INTO reconcile_runs (repository, instance_id, fire_instance_id, recovering, mode)
            VALUES (@repository, @instance, @fire, @recovering, @mode)
            RETURNING id
            """);
        command.Parameters.AddWithValue("repository", start.Repository);
        command.Parameters.AddWithValue("instance", start.InstanceId);
        command.Parameters.AddWithValue("fire", (object?)start.FireInstanceId ?? DBNull.Value);
        command.Parameters.AddWithValue("recovering", start.Recovering);
        command.Parameters.AddWithValue("mode", start.Mode);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task FinishAsync(long id, RunOutcome outcome, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE reconcile_runs
            SET finished_at = now(), status = @status, changes = @changes, error = @error, reason = @reason
            WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", outcome.Status);
        command.Parameters.AddWithValue("changes", (object?)outcome.Changes ?? DBNull.Value);
        command.Parameters.AddWithValue("error", (object?)Trim(Redact.Secrets(outcome.Error)) ?? DBNull.Value);
        command.Parameters.AddWithValue("reason", (object?)Trim(outcome.Reason) ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A recovered run means the replica that started the last one is gone: close its row so it
    /// doesn't read "running" for ever. (Should that replica only have been cut off and still finish,
    /// its own update overwrites this with what really happened.)
    /// </summary>
    private async Task AbandonAsync(RunStart start, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE reconcile_runs
            SET finished_at = now(), status = 'abandoned', reason = 'the replica running it stopped checking in; recovered by ' || @instance
            WHERE repository = @repository AND status = 'running' AND instance_id <> @instance
            """);
        command.Parameters.AddWithValue("repository", start.Repository);
        command.Parameters.AddWithValue("instance", start.InstanceId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string? Trim(string? text) => text is { Length: > MaxErrorLength } ? text[..MaxErrorLength] + "…" : text;
}

public sealed record RunStart(string Repository, string InstanceId, string? FireInstanceId, bool Recovering, string Mode);

/// <summary>How a run ended: a <see cref="RunStatus"/> value, the number of planned changes, and why.</summary>
public sealed record RunOutcome(string Status, int? Changes = null, string? Error = null, string? Reason = null);
