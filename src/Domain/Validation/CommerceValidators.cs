using FluentValidation;

namespace Es.Domain;

public sealed class RecordSaleValidator : CommandValidator<RecordSale>
{
    public RecordSaleValidator()
    {
        RuleFor(c => c.SaleId).Id();
        RuleFor(c => c.MerchantId).RequiredText(Sale.MerchantIdMaxLength);
        RuleFor(c => c.Platform).RequiredText(Sale.PlatformMaxLength);
        RuleFor(c => c.CustomerToken).RequiredText(Sale.CustomerTokenMaxLength);
        RuleFor(c => c.Amount).SetValidator(new MoneyValidator());
        RuleFor(c => c.ApprovedAt).RequiredInstant();
        RuleFor(c => c.SourceId).RequiredText(Sale.SourceIdMaxLength);
    }
}

public sealed class RefundSaleValidator : CommandValidator<RefundSale>
{
    public RefundSaleValidator()
    {
        RuleFor(c => c.SaleId).Id();
        RuleFor(c => c.RefundId).RequiredText(Sale.RefundIdMaxLength);
        RuleFor(c => c.Amount).SetValidator(new MoneyValidator());
        RuleFor(c => c.RefundedAt).RequiredInstant();
        RuleFor(c => c.SourceId).RequiredText(Sale.SourceIdMaxLength);
    }
}

public sealed class PlaceOrderValidator : CommandValidator<PlaceOrder>
{
    public PlaceOrderValidator()
    {
        RuleFor(c => c.OrderId).Id();
        RuleFor(c => c.CustomerToken).RequiredText(Order.CustomerTokenMaxLength);
        RuleFor(c => c.RestaurantId).RequiredText(Order.RestaurantIdMaxLength);
        RuleFor(c => c.Items).NotNull().CountBetween(Order.MinItems, Order.MaxItems);
        RuleForEach(c => c.Items).NotNull().SetValidator(c => new OrderItemValidator(c.Total.Currency));
        RuleFor(c => c.Total).SetValidator(new MoneyValidator());
        RuleFor(c => c.Total.Amount)
            .Must((c, total) => c.Items is null || c.Items.Any(i => i is null) || total == Order.ItemsTotal(c.Items))
            .WithErrorCode("TOTAL_MISMATCH")
            .WithMessage(c => $"The total must equal the items' quantities times their prices ({SafeItemsTotal(c)}).")
            .OverridePropertyName("Total.Amount");
        RuleFor(c => c.AddressArea).RequiredText(Order.AddressAreaMaxLength);
        RuleFor(c => c.PlacedAt).RequiredInstant();
        RuleFor(c => c.SourceId).RequiredText(Order.SourceIdMaxLength);
    }

    private static decimal SafeItemsTotal(PlaceOrder c) => c.Items is null ? 0m : Order.ItemsTotal(c.Items.Where(i => i is not null));
}

public sealed class OrderItemValidator : AbstractValidator<OrderItem>
{
    public OrderItemValidator(string? currency)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(i => i.Name).RequiredText(Order.ItemNameMaxLength);
        RuleFor(i => i.Quantity).InclusiveBetween(1, Order.MaxQuantity);
        RuleFor(i => i.UnitPrice)
            .GreaterThanOrEqualTo(0m)
            .Must(price => !Currencies.IsKnown(currency) || Currencies.FitsMinorUnits(price, currency))
            .WithErrorCode("TOO_MANY_DECIMALS").WithMessage("The price has more decimals than the order's currency allows.");
    }
}

public sealed class DeliverOrderValidator : CommandValidator<DeliverOrder>
{
    public DeliverOrderValidator()
    {
        RuleFor(c => c.OrderId).Id();
        RuleFor(c => c.DeliveredAt).RequiredInstant();
        RuleFor(c => c.DistanceKm).GreaterThan(0m).LessThanOrEqualTo(Order.MaxDistanceKm).When(c => c.DistanceKm is not null);
        RuleFor(c => c.Fee).SetValidator(new MoneyValidator(allowZero: true));
        RuleFor(c => c.SourceId).RequiredText(Order.SourceIdMaxLength);
    }
}

public sealed class CancelOrderValidator : CommandValidator<CancelOrder>
{
    public CancelOrderValidator()
    {
        RuleFor(c => c.OrderId).Id();
        RuleFor(c => c.Reason).RequiredText(Order.ReasonMaxLength);
        RuleFor(c => c.CancelledAt).RequiredInstant();
        RuleFor(c => c.SourceId).RequiredText(Order.SourceIdMaxLength);
    }
}

public sealed class CancelSaleValidator : CommandValidator<CancelSale>
{
    public CancelSaleValidator()
    {
        RuleFor(c => c.SaleId).Id();
        RuleFor(c => c.Reason).RequiredText(Sale.ReasonMaxLength);
        RuleFor(c => c.CancelledAt).RequiredInstant();
        RuleFor(c => c.SourceId).RequiredText(Sale.SourceIdMaxLength);
    }
}

public sealed class PickUpOrderValidator : CommandValidator<PickUpOrder>
{
    public PickUpOrderValidator()
    {
        RuleFor(c => c.OrderId).Id();
        RuleFor(c => c.PickedUpAt).RequiredInstant();
        RuleFor(c => c.SourceId).RequiredText(Order.SourceIdMaxLength);
    }
}

public sealed class RateOrderValidator : CommandValidator<RateOrder>
{
    public RateOrderValidator()
    {
        RuleFor(c => c.OrderId).Id();
        RuleFor(c => c.Rating).InclusiveBetween(Order.MinRating, Order.MaxRating);
        RuleFor(c => c.RatedAt).RequiredInstant();
        RuleFor(c => c.SourceId).RequiredText(Order.SourceIdMaxLength);
    }
}

public sealed class RegisterMerchantValidator : CommandValidator<RegisterMerchant>
{
    public RegisterMerchantValidator()
    {
        RuleFor(c => c.MerchantId).RequiredText(Merchant.IdMaxLength);
        RuleFor(c => c.Name).RequiredText(Merchant.NameMaxLength);
        RuleFor(c => c.Category).RequiredText(Merchant.CategoryMaxLength);
        RuleFor(c => c.TimeZone)
            .Must(Merchant.IsKnownTimeZone)
            .WithErrorCode(Merchant.Reasons.UnknownTimeZone)
            .WithMessage("The time zone must be an IANA zone id such as Asia/Seoul.");
        RuleFor(c => c.SourceId).RequiredText(Merchant.SourceIdMaxLength);
    }
}

public sealed class RecordReturnValidator : CommandValidator<RecordReturn>
{
    public RecordReturnValidator()
    {
        RuleFor(c => c.ReturnId).Id();
        RuleFor(c => c.CustomerToken).RequiredText(Order.CustomerTokenMaxLength);
        RuleFor(c => c.MerchantId).RequiredText(Merchant.IdMaxLength);
        RuleFor(c => c.Items).NotNull().CountBetween(Order.MinItems, Order.MaxItems);
        RuleForEach(c => c.Items).NotNull().SetValidator(c => new OrderItemValidator(c.Total.Currency));
        RuleFor(c => c.Total).SetValidator(new MoneyValidator());
        RuleFor(c => c.Total.Amount)
            .Must((c, total) => c.Items is null || c.Items.Any(i => i is null) || total == Order.ItemsTotal(c.Items))
            .WithErrorCode("TOTAL_MISMATCH")
            .WithMessage("The total must equal the items' quantities times their prices.")
            .OverridePropertyName("Total.Amount");
        RuleFor(c => c.ReturnedAt).RequiredInstant();
        RuleFor(c => c.OrderId).Must(id => id is null || id != Guid.Empty).WithErrorCode("BAD_ID").WithMessage("An order id cannot be empty.");
        RuleFor(c => c.SourceId).RequiredText(Order.SourceIdMaxLength);
    }
}
