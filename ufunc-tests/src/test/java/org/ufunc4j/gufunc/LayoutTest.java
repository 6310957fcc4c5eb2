package org.ufunc4j.gufunc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The layout parser: NumPy's grammar, round trips, errors with positions, and a fuzz. */
class LayoutTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "(n),(n)->()", "(m?,n),(n,p?)->(m?,p?)", "(3),(3)->(3)", "(),()->()", "(n)->(n)", "(n,d)->(p)", "()->(n)",
      "(nx,ny),(nx,ny)->(nx,ny)", "(i,j),(j,k)->(i,k)", "(n),()->(),()"})
  void validLayoutsRoundTrip(String text) {
    Layout l = Layout.parse(text);
    assertEquals(text, l.canonical());
    assertEquals(l, Layout.parse(l.canonical()));
    assertEquals(l, Layout.parse(" " + text.replace(",", " , ").replace("(", "( ").replace("->", " -> ") + " "));
  }

  @Test
  void structureOfMatmul() {
    Layout l = Layout.parse("(m?,n),(n,p?)->(m?,p?)");
    assertEquals(2, l.nin());
    assertEquals(1, l.nout());
    assertEquals(3, l.dims().size());
    assertTrue(l.dims().get(0).optional());
    assertFalse(l.dims().get(1).optional());
    assertArrayEquals(new int[] {0, 1}, l.core(0));
    assertArrayEquals(new int[] {1, 2}, l.core(1));
    assertArrayEquals(new int[] {0, 2}, l.core(2));
    assertFalse(l.isElementwise());
    assertTrue(Layout.parse("(),()->()").isElementwise());
    Layout cross = Layout.parse("(3),(3)->(3)");
    assertEquals(3, cross.dims().get(0).frozen());
    assertTrue(Layout.parse("()->(n)").outputOnly(0));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "(n),(n)|7", "(n)->(n|7", "(n),->(n)|4", "n->(n)|0", "(n,)->(n)|3", "(n)->|5", "(1n)->(n)|2", "(n)(n)->()|3",
      "(n?)->(n)|7", "(n)->(n)x|8", "(-1)->()|1"})
  void errorsNameThePosition(String text, int position) {
    LayoutSyntaxException e = assertThrows(LayoutSyntaxException.class, () -> Layout.parse(text));
    assertEquals(position, e.position(), e.getMessage());
    assertTrue(e.getMessage().contains("position " + position), e.getMessage());
    assertEquals(text, e.layout());
  }

  @Provide
  Arbitrary<String> layoutish() {
    return Arbitraries.strings().withChars("(),->?nmp0123 _x").ofMinLength(0).ofMaxLength(24);
  }

  @Property(tries = 2000)
  void randomStringsOnlyEverGiveALayoutOrTheDocumentedException(@ForAll("layoutish") String text) {
    try {
      Layout l = Layout.parse(text);
      assertEquals(l, Layout.parse(l.canonical()));
    } catch (LayoutSyntaxException e) {
      assertTrue(e.position() >= 0 && e.position() <= text.length(), e.getMessage());
      assertTrue(e.getMessage().contains("position " + e.position()), e.getMessage());
    }
  }
}
