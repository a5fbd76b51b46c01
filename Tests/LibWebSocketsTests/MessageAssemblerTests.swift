import Testing

@testable import LibWebSockets

@Suite struct MessageAssemblerTests {
    @Test func singleChunkMessageIsCompleteAtOnce() {
        var assembler = MessageAssembler(limit: 100)
        let outcome = assembler.append(Array("hi".utf8), isBinary: false, isFinalFragment: true, remainingInFrame: 0)
        #expect(outcome == .text(Array("hi".utf8)))
    }

    @Test func chunksOfOneFrameAndFramesOfOneMessageAreJoined() {
        var assembler = MessageAssembler(limit: 100)
        // Frame 1 ("abc", not final) arrives in two chunks, frame 2 ("def", final) in two more.
        #expect(
            assembler.append(Array("ab".utf8), isBinary: false, isFinalFragment: false, remainingInFrame: 1)
                == .incomplete)
        #expect(
            assembler.append(Array("c".utf8), isBinary: false, isFinalFragment: false, remainingInFrame: 0)
                == .incomplete)
        // lws reports the final-fragment flag for every chunk of the final frame, so the remainder decides.
        #expect(
            assembler.append(Array("d".utf8), isBinary: false, isFinalFragment: true, remainingInFrame: 2)
                == .incomplete)
        #expect(
            assembler.append(Array("ef".utf8), isBinary: false, isFinalFragment: true, remainingInFrame: 0)
                == .text(Array("abcdef".utf8)))
        // And the next message starts empty.
        #expect(
            assembler.append(Array("g".utf8), isBinary: false, isFinalFragment: true, remainingInFrame: 0)
                == .text(Array("g".utf8)))
    }

    @Test func messageExactlyAtTheLimitIsAccepted() {
        var assembler = MessageAssembler(limit: 4)
        #expect(assembler.append([1, 2], isBinary: false, isFinalFragment: false, remainingInFrame: 0) == .incomplete)
        #expect(
            assembler.append([3, 4], isBinary: false, isFinalFragment: true, remainingInFrame: 0)
                == .text([1, 2, 3, 4]))
    }

    @Test func oversizedFrameIsRefusedBeforeItsPayloadIsBuffered() {
        var assembler = MessageAssembler(limit: 4)
        // The first chunk already announces 5 more bytes in the frame: refuse now, not after buffering.
        #expect(
            assembler.append([1], isBinary: false, isFinalFragment: true, remainingInFrame: 5) == .tooLarge(limit: 4))
    }

    @Test func oversizedAcrossFramesIsRefused() {
        var assembler = MessageAssembler(limit: 4)
        #expect(
            assembler.append([1, 2, 3], isBinary: false, isFinalFragment: false, remainingInFrame: 0) == .incomplete)
        #expect(
            assembler.append([4, 5], isBinary: false, isFinalFragment: true, remainingInFrame: 0) == .tooLarge(limit: 4)
        )
    }

    @Test func binaryMessagesAreSkippedWholeEvenAcrossFrames() {
        var assembler = MessageAssembler(limit: 4)
        #expect(
            assembler.append([1, 2, 3], isBinary: true, isFinalFragment: false, remainingInFrame: 0) == .incomplete)
        // A continuation frame carries no type of its own: the message stays binary.
        #expect(
            assembler.append([4, 5, 6], isBinary: false, isFinalFragment: true, remainingInFrame: 0)
                == .binarySkipped(byteCount: 6))
        #expect(
            assembler.append(Array("ok".utf8), isBinary: false, isFinalFragment: true, remainingInFrame: 0)
                == .text(Array("ok".utf8)))
    }
}
