extension ABIEvent {
    /// Decodes a log strictly: exact topic count, matching topic0, indexed value types from their topics,
    /// indexed reference types reported as their hash, the other inputs from the data.
    /// - Throws: `ABIDecodingError`; a log that does not fit the event exactly is never half-decoded.
    public func decodeLog(topics: [Hash32], data: some Collection<UInt8>) throws(ABIDecodingError) -> DecodedEvent {
        guard topics.count == topicCount else {
            throw ABIDecodingError(.topicCount, "\(signature) has \(topicCount) topics, the log \(topics.count)")
        }
        guard anonymous || topics[0] == topic0 else {
            throw ABIDecodingError(.topic0Mismatch, "\(topics[0]) is not \(signature)")
        }
        let dataValues = try ABIDecoder.decode(validated: dataTypes, from: Array(data))
        var nextTopic = anonymous ? 0 : 1
        var nextData = 0
        var arguments: [DecodedEvent.Argument] = []
        arguments.reserveCapacity(inputs.count)
        for input in inputs {
            let value: DecodedEvent.Argument.Value
            if !input.indexed {
                value = .value(dataValues[nextData])
                nextData += 1
            } else if input.type.isValueType {
                value = .value(try ABIDecoder.decodeWord(input.type, from: topics[nextTopic].bytes))
                nextTopic += 1
            } else {
                value = .hashed(topics[nextTopic])
                nextTopic += 1
            }
            arguments.append(DecodedEvent.Argument(parameter: input, value: value))
        }
        return DecodedEvent(event: self, arguments: arguments)
    }

    /// Builds the topics and data a contract emitting this event with these values (in declaration order) logs.
    /// - Throws: `ABIEncodingError` when the values do not fit the inputs.
    public func encodeLog(_ values: [ABIValue]) throws(ABIEncodingError) -> EncodedLog {
        guard values.count == inputs.count else {
            throw ABIEncodingError(.wrongCount, type: .tuple(inputs.map(\.type)))
        }
        var topics = anonymous ? [] : [topic0]
        var dataValues: [ABIValue] = []
        var dataTypes: [ABIType] = []
        var dataPositions: [Int] = []
        for (position, (input, value)) in zip(inputs, values).enumerated() {
            if input.indexed {
                do throws(ABIEncodingError) {
                    topics.append(try ABIEncoder.topic(value, as: input.type))
                } catch {
                    var error = error
                    error.path.insert(position, at: 0)
                    throw error
                }
            } else {
                dataValues.append(value)
                dataTypes.append(input.type)
                dataPositions.append(position)
            }
        }
        do throws(ABIEncodingError) {
            return EncodedLog(topics: topics, data: try ABIEncoder.encode(dataValues, as: dataTypes))
        } catch {
            // Report the input's position in the declaration, not its position among the non-indexed inputs.
            var error = error
            if let first = error.path.first { error.path[0] = dataPositions[first] }
            throw error
        }
    }
}
