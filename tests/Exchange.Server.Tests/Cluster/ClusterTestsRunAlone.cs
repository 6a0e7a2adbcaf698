namespace Exchange.Server.Tests.Cluster;

/// <summary>
/// The cluster tests start etcd and three servers each: they run one at a time and never beside the other test
/// classes of this assembly, whose timing-sensitive tests (a stop under load) would otherwise share two cores with them.
/// </summary>
[CollectionDefinition("Cluster", DisableParallelization = true)]
public sealed class ClusterTestsRunAlone;
