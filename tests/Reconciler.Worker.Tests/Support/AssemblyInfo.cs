// The tests start real schedulers against one PostgreSQL on a 2-core machine: one class at a time keeps
// their timing honest (each test still gets a database of its own).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
