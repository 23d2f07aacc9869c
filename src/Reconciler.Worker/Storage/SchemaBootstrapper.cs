using Npgsql;

namespace Reconciler.Worker.Storage;

/// <summary>
/// Creates the Quartz job store tables and <c>reconcile_runs</c> when they are missing, so a fresh
/// database just works. Idempotent; replicas starting together serialise on an advisory lock, because
/// concurrent <c>CREATE TABLE IF NOT EXISTS</c> in PostgreSQL can still collide on the catalog.
/// </summary>
public static class SchemaBootstrapper
{
    /// <summary>Arbitrary, fixed: the advisory lock every replica takes while creating tables.</summary>
    private const long LockKey = 0x5245434F4E43494C; // "RECONCIL"

    public static readonly IReadOnlyList<string> Scripts = ["quartz_postgres", "reconcile_runs"];

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var script in Scripts)
        {
            await using var command = new NpgsqlCommand(Read(script), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public static string Read(string script)
    {
        using var stream = typeof(SchemaBootstrapper).Assembly.GetManifestResourceStream($"Reconciler.Worker.Sql.{script}.sql")
            ?? throw new InvalidOperationException($"the schema script {script}.sql is missing from the worker assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
