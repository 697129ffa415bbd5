/// Year-end projection of 転入, 転出 and 社会増減 (DESIGN §5): the same-period ratio method (同期比率法), the
/// alternatives a statistician compares against, and the backtest that says how far to trust them.
public enum IdouProjection {}
