using YServer.Lib0;
using YServer.Yjs.Js;

namespace YServer.Tests.Yjs.Js;

public class JavaScriptJsonTests
{
    // Expected values: node 20, JSON.stringify(JSON.parse(input)).
    [TestCase("[1, 2]", "[1,2]")]
    [TestCase(" {\"b\":1,\"a\":2,\"1\":3} ", "{\"1\":3,\"b\":1,\"a\":2}")]
    [TestCase("{\"a\":1,\"a\":2}", "{\"a\":2}")]
    [TestCase("\"\\u2028\\ud800x\\/\"", "\"\u2028\\ud800x/\"")]
    [TestCase("1E400", "null")]
    [TestCase("-0", "0")]
    [TestCase("0.1e1", "1")]
    [TestCase("{\"__proto__\":1}", "{\"__proto__\":1}")]
    [TestCase("[1e21, 1e-7]", "[1e+21,1e-7]")]
    [TestCase("\"\\u0001\\u001f\\u007f\"", "\"\\u0001\\u001f\u007f\"")]
    [TestCase("\"\\uD83D\\uDE00\"", "\"\U0001F600\"")]
    [TestCase("{\"4294967295\":1,\"4294967294\":2}", "{\"4294967294\":2,\"4294967295\":1}")]
    [TestCase("[[],{}]", "[[],{}]")]
    [TestCase("\t\r\n true \n", "true")]
    [TestCase("-12.50E-3", "-0.0125")]
    public void ParseThenStringify_MatchesJavaScript(string input, string expected)
    {
        var value = JavaScriptJson.Parse(input, 0);

        var text = JavaScriptJson.Stringify(value, 0);

        Assert.That(text, Is.EqualTo(expected));
    }

    // All rejected by node 20's JSON.parse.
    [TestCase("[1,]")]
    [TestCase("01")]
    [TestCase("1.")]
    [TestCase(".5")]
    [TestCase("+1")]
    [TestCase("'a'")]
    [TestCase("\"a")]
    [TestCase("\"\\x\"")]
    [TestCase("\"\t\"")]
    [TestCase("NaN")]
    [TestCase("undefined")]
    [TestCase("")]
    [TestCase("{\"a\" 1}")]
    [TestCase("[1] x")]
    [TestCase("\u000b1")]
    [TestCase("tru")]
    [TestCase("{,}")]
    [TestCase("[")]
    [TestCase("{\"a\":1,}")]
    [TestCase("-")]
    [TestCase("1e")]
    [TestCase("\"\\u12\"")]
    public void Parse_InvalidJson_ThrowsInvalidJson(string input)
    {
        var error = Assert.Throws<YProtocolException>(() => JavaScriptJson.Parse(input, 7));

        Assert.That(error!.Reason, Is.EqualTo(ProtocolViolation.InvalidJson));
    }

    [Test]
    public void Parse_NestingBeyondLimit_ThrowsDepthExceeded()
    {
        var input = new string('[', 65) + new string(']', 65);

        var error = Assert.Throws<YProtocolException>(() => JavaScriptJson.Parse(input, 0));

        Assert.That(error!.Reason, Is.EqualTo(ProtocolViolation.DepthExceeded));
    }

    [Test]
    public void Stringify_AnyValues_FollowJsonStringifyRules()
    {
        // {a: undefined, b: [undefined, NaN, -Infinity], c: Uint8Array[1, 2], "2": true}
        var properties = new JsObject();
        properties.Set("a", JsValue.Undefined);
        properties.Set("b", JsValue.Array([JsValue.Undefined, JsValue.Number(double.NaN), JsValue.Number(double.NegativeInfinity)]));
        properties.Set("c", JsValue.Bytes([1, 2]));
        properties.Set("2", JsValue.True);

        var text = JavaScriptJson.Stringify(JsValue.Object(properties), 0);

        Assert.That(text, Is.EqualTo("{\"2\":true,\"b\":[null,null,null],\"c\":{\"0\":1,\"1\":2}}"));
    }

    [Test]
    public void Stringify_TopLevelUndefined_ReturnsNull() =>
        Assert.That(JavaScriptJson.Stringify(JsValue.Undefined, 0), Is.Null);

    [Test]
    public void Stringify_BigInt_Throws()
    {
        var error = Assert.Throws<YProtocolException>(() => JavaScriptJson.Stringify(JsValue.Array([JsValue.BigInt(1)]), 0));

        Assert.That(error!.Reason, Is.EqualTo(ProtocolViolation.UnconvertibleValue));
    }
}
