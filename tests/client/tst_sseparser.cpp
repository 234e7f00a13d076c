#include "client/SseParser.h"

#include <QTest>

using squall::client::SseParser;

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messagesAcrossChunks()
    {
        SseParser p;
        QList<SseParser::Message> got;
        const auto sink = [&](const SseParser::Message &m) { got.append(m); };
        // Split everywhere, CRLF and LF mixed, a comment, a heartbeat, a two-line data.
        const QByteArray stream = "id: 7\n\n: comment\n\nid: 8\r\nevent: st2.execution__update\r\ndata: {\"a\":\r\n"
                                  "data: 1}\r\n\r\n\nevent: st2.rule__create\ndata:{}\n\n";
        for (qsizetype i = 0; i < stream.size(); i += 3)
            p.feed(stream.mid(i, 3), sink);
        QCOMPARE(got.size(), 3);
        QCOMPARE(got[0].id, QStringLiteral("7"));  // the cursor message
        QVERIFY(got[0].event.isEmpty() && got[0].data.isEmpty());
        QCOMPARE(got[1].id, QStringLiteral("8"));
        QCOMPARE(got[1].event, QStringLiteral("st2.execution__update"));
        QCOMPARE(got[1].data, QByteArray("{\"a\":\n1}"));
        QCOMPARE(got[2].event, QStringLiteral("st2.rule__create"));
        QCOMPARE(got[2].data, QByteArray("{}"));
    }

    void resetDropsAPartialMessage()
    {
        SseParser p;
        int count = 0;
        p.feed("id: 1\nevent: x\ndata: par", [&](const SseParser::Message &) { ++count; });
        p.reset();
        p.feed("\n\n", [&](const SseParser::Message &) { ++count; });
        QCOMPARE(count, 0);
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
