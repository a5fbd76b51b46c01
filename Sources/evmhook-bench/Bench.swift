import ArgumentParser

/// The benchmark driver behind `scripts/bench NAME`: each subcommand measures one component and prints
/// human-readable lines, then one JSON object as its last line.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evmhook-bench",
        abstract: "Benchmarks of evmhook's components (run through scripts/bench).",
        subcommands: [
            HTTPBench.self, RedisBench.self, ChainKitBench.self, DevChainBench.self, IngestBench.self,
            ProcessBench.self, DeliverBench.self, E2EBench.self, ReconcileBench.self, ApiLoadBench.self,
        ]
    )
}
