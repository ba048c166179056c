using CsCheck;

namespace Habatan.FunctionalTests.Fuzzing;

// A CsCheck generator from a function of the random source: requests are drawn step by step from
// a document, which reads more plainly than a chain of SelectMany. The fuzzer reports every
// finding instead of shrinking one, so the size is not used.
internal sealed class GenFrom<T>(Func<PCG, T> draw) : Gen<T>
{
    public override T Generate(PCG pcg, Size? min, out Size size)
    {
        size = new Size(0);
        return draw(pcg);
    }
}
