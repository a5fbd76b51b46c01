/// The Delivery service: blocking pop → sign → POST → retry. Built by the Delivery issue.
public enum DeliveryModule {}
