/// Groups events into clusters. Until the template miner lands, the key is the masked message:
/// two events share a cluster when their messages are equal after masking, within one service.
final class ClusterStore {
    private(set) var clusters: [Cluster] = []
    private var byHash: [UInt64: [Int]] = [:]
    private let masker: Masker
    private var masked: [UInt8] = []

    init(masker: Masker) { self.masker = masker }

    @discardableResult
    func add(_ e: LogEvent) -> Cluster {
        e.message.withUnsafeBytes { masker.mask($0, into: &masked) }
        var h = masked.withUnsafeBytes { fnv1a64($0) }
        h = e.service.withUnsafeBytes { fnv1a64($0, seed: h ^ 0x1F) }
        let cluster: Cluster
        if let idx = byHash[h]?.first(where: { clusters[$0].template == masked && clusters[$0].service == e.service }) {
            cluster = clusters[idx]
        } else {
            cluster = Cluster(index: clusters.count, template: masked, service: e.service)
            clusters.append(cluster)
            byHash[h, default: []].append(cluster.index)
        }
        cluster.add(e, sampleSeed: h)
        return cluster
    }
}
