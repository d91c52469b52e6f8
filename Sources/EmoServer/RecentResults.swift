// The embeddings of the last few recognitions, so the page can offer them as .npy without recomputing.
import Foundation

/// A bounded first-in-first-out store of recent results' embeddings, by result id and model id.
actor RecentResults {
    private let capacity: Int
    private var order: [String] = []
    private var embeddings: [String: [Int: [Float]]] = [:]

    init(capacity: Int = 32) {
        self.capacity = capacity
    }

    /// Keeps `byModel` under a new id and returns the id; the oldest entry is dropped beyond `capacity`.
    func add(_ byModel: [Int: [Float]]) -> String {
        let id = UUID().uuidString.lowercased()
        order.append(id)
        embeddings[id] = byModel
        if order.count > capacity { embeddings[order.removeFirst()] = nil }
        return id
    }

    func embedding(result id: String, model: Int) -> [Float]? {
        embeddings[id]?[model]
    }
}
