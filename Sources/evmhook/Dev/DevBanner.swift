import Foundation
import SampleReceiver

/// What `evmhook dev` prints once everything runs: where things are, and how to add an endpoint of one's own.
struct DevBanner {
    let environment: DevEnvironment
    let node: DevNode
    let sample: SampleEndpoint
    let keep: Bool
    /// EVMHOOK_API_ADDR.
    let apiAddress: String

    var text: String {
        let data = environment.directory.map { " (data in \($0.path)\(keep ? ", kept on exit" : ", removed on exit"))" }
        return """

            evmhook dev is running
              node              \(node.rpcURL) (chain \(node.chainID))\(node.chain == nil ? "" : ", the built-in dev chain")
              Redis             \(environment.redisURL)
              PostgreSQL        \(environment.databaseURL)\(data ?? "")
              sample endpoint   \(sample.id.uuidString.lowercased()) → \(sample.receiver.url)
              admin API         http://\(apiAddress)/v1 (OpenAPI at /openapi.yaml)

            Every log is delivered to the sample receiver, which verifies the signature and prints one line per event.
            Add your own endpoint from another terminal:

              EVMHOOK_DATABASE_URL='\(environment.databaseURL)' EVMHOOK_ALLOW_PRIVATE_TARGETS=1 \\
                evmhook endpoint add --url http://127.0.0.1:9000/webhook --chain \(node.chainID) \\
                --event "Transfer(address indexed from, address indexed to, uint256 value)"

            Use the admin API with a key made by:

              EVMHOOK_DATABASE_URL='\(environment.databaseURL)' evmhook apikey create --name dev --scope write

            Dead letters (a retry re-queues them in this Redis):

              EVMHOOK_DATABASE_URL='\(environment.databaseURL)' EVMHOOK_REDIS_URL='\(environment.redisURL)' \\
                evmhook dlq list

            Ctrl-C stops everything.


            """
    }
}
