using System.Collections.Concurrent;
using Exchange.Protocol.Admin;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Queries;
using Exchange.Protocol.Session;

namespace Exchange.Client;

/// <summary>
/// Requests waiting for their answer, matched by the ids the protocol carries back: an order by
/// its client order id (OrderAccepted / OrderRejected), a query, mass cancel or admin command by
/// its client message id, any of them by the message id of a ProtocolReject. The receive loop shows
/// every message here first; an answer completes its request and is never taken from anyone else.
/// </summary>
internal sealed class PendingRequests
{
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<PlaceResult>> _orders = new();
    private readonly ConcurrentDictionary<ulong, ulong> _orderByMessage = new();
    private readonly ConcurrentDictionary<ulong, Query> _queries = new();
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<ServerMessage>> _answers = new();

    public TaskCompletionSource<PlaceResult> AddOrder(ulong clientOrderId, ulong messageId)
    {
        var waiter = new TaskCompletionSource<PlaceResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_orders.TryAdd(clientOrderId, waiter))
        {
            throw new ArgumentException($"An order with client order id {clientOrderId} is already waiting for its answer.", nameof(clientOrderId));
        }

        _orderByMessage[messageId] = clientOrderId;
        return waiter;
    }

    public void ForgetOrder(ulong clientOrderId, ulong messageId)
    {
        _orders.TryRemove(clientOrderId, out _);
        _orderByMessage.TryRemove(messageId, out _);
    }

    /// <summary>Waits for the reports answering query <paramref name="messageId"/>, up to the one flagged last.</summary>
    public TaskCompletionSource<IReadOnlyList<ServerMessage>> AddQuery(ulong messageId)
    {
        var query = new Query();
        _queries[messageId] = query;
        return query.Done;
    }

    /// <summary>Waits for the one message answering <paramref name="messageId"/> (MassCancelDone, AdminResult v2).</summary>
    public TaskCompletionSource<ServerMessage> AddAnswer(ulong messageId)
    {
        var waiter = new TaskCompletionSource<ServerMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _answers[messageId] = waiter;
        return waiter;
    }

    public void Forget(ulong messageId)
    {
        _queries.TryRemove(messageId, out _);
        _answers.TryRemove(messageId, out _);
    }

    /// <summary>Completes what <paramref name="message"/> answers; true when it belongs to a query (and is not an event for the application).</summary>
    public bool Route(in ServerMessage message)
    {
        switch (message.Type)
        {
            case MessageType.OrderAccepted when message.TryAs<OrderAccepted>(out var accepted):
                CompleteOrder(accepted.ClientOrderId, new PlaceResult(accepted, null));
                return false;
            case MessageType.OrderRejected when message.TryAs<OrderRejected>(out var rejected) && rejected.CommandType == 1:
                CompleteOrder(rejected.ClientOrderId, new PlaceResult(null, rejected));
                return false;
            case MessageType.ProtocolReject when message.TryAs<ProtocolReject>(out var refused) && refused.ClientMessageId != 0:
                Refuse(refused.ClientMessageId, (ProtocolRejectReason)refused.Reason);
                return false;
            case MessageType.MassCancelDone when message.TryAs<MassCancelDone>(out var done):
                Answer(done.ClientMessageId, message);
                return false;
            case MessageType.AdminResult when message.TryAs<AdminResultV2>(out var result):
                Answer(result.ClientMessageId, message);
                return false;
            case MessageType.BalanceReport when message.TryAs<BalanceReport>(out var balance):
                return Report(balance.ClientMessageId, (balance.Flags & 2) != 0, message);
            case MessageType.InstrumentReport when message.TryAs<InstrumentReport>(out var instrument):
                return Report(instrument.ClientMessageId, (instrument.Flags & 2) != 0, message);
            case MessageType.AssetReport when message.TryAs<AssetReport>(out var asset):
                return Report(asset.ClientMessageId, (asset.Flags & 2) != 0, message);
            case MessageType.OpenOrderReport when message.TryAs<OpenOrderReportV2>(out var order):
                return Report(order.ClientMessageId, (order.Flags & 2) != 0, message);
            case MessageType.OpenOrderReport when message.TryAs<OpenOrderReport>(out var order1):
                return Report(order1.ClientMessageId, (order1.Flags & 2) != 0, message);
            default:
                return false;
        }
    }

    /// <summary>
    /// The connection is gone. Queries and one-shot answers are not resent after a reconnect, so they fail;
    /// orders keep waiting when a reconnect will resend their replies (<paramref name="ordersToo"/> false).
    /// </summary>
    public void Fail(Exception error, bool ordersToo)
    {
        foreach (var (id, query) in _queries)
        {
            if (_queries.TryRemove(id, out _))
            {
                query.Done.TrySetException(error);
            }
        }

        foreach (var (id, waiter) in _answers)
        {
            if (_answers.TryRemove(id, out _))
            {
                waiter.TrySetException(error);
            }
        }

        if (ordersToo)
        {
            foreach (var (id, waiter) in _orders)
            {
                if (_orders.TryRemove(id, out _))
                {
                    waiter.TrySetException(error);
                }
            }

            _orderByMessage.Clear();
        }
    }

    private void CompleteOrder(ulong clientOrderId, PlaceResult result)
    {
        if (_orders.TryRemove(clientOrderId, out var waiter))
        {
            waiter.TrySetResult(result);
        }
    }

    private void Refuse(ulong messageId, ProtocolRejectReason reason)
    {
        if (_orderByMessage.TryRemove(messageId, out var clientOrderId) && _orders.TryRemove(clientOrderId, out var order))
        {
            order.TrySetException(new RequestRefusedException(reason));
        }

        if (_queries.TryRemove(messageId, out var query))
        {
            query.Done.TrySetException(new RequestRefusedException(reason));
        }

        if (_answers.TryRemove(messageId, out var answer))
        {
            answer.TrySetException(new RequestRefusedException(reason));
        }
    }

    private void Answer(ulong messageId, in ServerMessage message)
    {
        if (_answers.TryRemove(messageId, out var waiter))
        {
            waiter.TrySetResult(message);
        }
    }

    private bool Report(ulong messageId, bool last, in ServerMessage message)
    {
        if (!_queries.TryGetValue(messageId, out var query))
        {
            return false;
        }

        query.Reports.Add(message);
        if (last && _queries.TryRemove(messageId, out _))
        {
            query.Done.TrySetResult(query.Reports);
        }

        return true;
    }

    private sealed class Query
    {
        public List<ServerMessage> Reports { get; } = [];

        public TaskCompletionSource<IReadOnlyList<ServerMessage>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
