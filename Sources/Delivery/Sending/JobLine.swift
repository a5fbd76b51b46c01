/// A first-in, first-out line of jobs with O(1) removal at the front: an endpoint's line can hold a thousand jobs
/// and be served tens of thousands of times a second, which `Array.removeFirst` (a shift of every element) cannot.
struct JobLine {
    private var storage: [TakenJob] = []
    private var head = 0

    var count: Int { storage.count - head }
    var first: TakenJob? { head < storage.count ? storage[head] : nil }

    mutating func append(_ job: TakenJob) {
        storage.append(job)
    }

    @discardableResult
    mutating func removeFirst() -> TakenJob {
        let job = storage[head]
        head += 1
        // Compacts once the consumed prefix is both large and most of the storage: amortised O(1).
        if head >= 64, head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return job
    }
}
