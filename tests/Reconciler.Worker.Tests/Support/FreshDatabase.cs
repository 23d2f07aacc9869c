using Npgsql;

namespace Reconciler.Worker.Tests.Support;

/// <summary>A database of its own for one test, created on the server RECONCILE_TEST_PG names and dropped afterwards.</summary>
internal sealed class FreshDatabase : IAsyncDisposable
{
    public const string Variable = "RECONCILE_TEST_PG";

    private readonly string _admin;

    private FreshDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>For the test's own queries; the worker under test opens its own.</summary>
    public NpgsqlDataSource DataSource { get; }

    public static async Task<FreshDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            // Not a skip: a worker whose clustering was never tested must not look green.
            throw new InvalidOperationException(
                $"{Variable} is not set. The worker tests need a real PostgreSQL: run scripts/test.sh, "
                + "or `source scripts/postgres.sh && start_postgres` before `dotnet test`.");
        }

        var name = "reconcile_wt_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new FreshDatabase(admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        // FORCE: a stopped scheduler can leave a pooled connection behind for a moment.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                // FORCE may not terminate a backend of another role — an autovacuum worker visiting the fresh
                // database (seen on a shared, busy server). It leaves on its own; try again shortly.
                await Task.Delay(250);
            }
        }
    }
}
