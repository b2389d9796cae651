package io.channelhub.simulator;

import io.channelhub.support.OrderIds;
import java.time.Instant;
import java.util.UUID;

/** What Amazon sends and serves for one order: its notification (as EventBridge forwards it), the order and items. */
public final class AmazonNotifications {

    private AmazonNotifications() {
    }

    public static String amazonOrderId() {
        long n = OrderIds.next();
        return "902-" + (n % 10_000_000) + "-" + (n % 1_000_000_0L);
    }

    /** As an EventBridge API destination forwards it: the EventBridge event, the notification in "detail". */
    public static String notification(String orderId, String notificationId) {
        return """
                {"version":"0","id":"%s","detail-type":"ORDER_CHANGE",\
                "source":"aws.partner/sellingpartnerapi.amazon.com/amzn1.sellerapps.app.sim","account":"123456789012",\
                "time":"%s","region":"eu-west-1","resources":[],"detail":{"NotificationVersion":"1.0",\
                "NotificationType":"ORDER_CHANGE","PayloadVersion":"1.0","EventTime":"%s","Payload":{\
                "OrderChangeNotification":{"NotificationLevel":"OrderLevel","SellerId":"A3TH9S8BH6GOGM",\
                "AmazonOrderId":"%s","OrderChangeType":"OrderStatusChange","OrderChangeTrigger":{\
                "TimeOfOrderChange":"%s","ChangeReason":"OrderStatusChange"},"Summary":{"MarketplaceId":"A1F83G8C2ARO7P",\
                "OrderStatus":"Unshipped","FulfillmentType":"MFN"}}},"NotificationMetadata":{\
                "ApplicationId":"amzn1.sellerapps.app.sim","SubscriptionId":"sub-1","PublishTime":"%s",\
                "NotificationId":"%s"}}}"""
                .formatted(UUID.randomUUID(), Instant.now(), Instant.now(), orderId, Instant.now(), Instant.now(), notificationId);
    }

    public static String order(String orderId, String status, String lastUpdate) {
        return """
                {"AmazonOrderId":"%s","PurchaseDate":"2026-11-20T10:00:00Z","LastUpdateDate":"%s","OrderStatus":"%s",\
                "FulfillmentChannel":"MFN","SalesChannel":"Amazon.co.uk","OrderTotal":{"CurrencyCode":"GBP","Amount":"25.98"},\
                "NumberOfItemsShipped":0,"NumberOfItemsUnshipped":2,"MarketplaceId":"A1F83G8C2ARO7P",\
                "BuyerInfo":{"BuyerEmail":"buyer@marketplace.amazon.co.uk"}}""".formatted(orderId, lastUpdate, status);
    }

    public static String items() {
        return """
                [{"ASIN":"B00X4WHP5E","SellerSKU":"MUG-BLUE","OrderItemId":"68828574383266","Title":"Blue mug",\
                "QuantityOrdered":2,"QuantityShipped":0,"ItemPrice":{"CurrencyCode":"GBP","Amount":"25.98"}}]""";
    }
}
