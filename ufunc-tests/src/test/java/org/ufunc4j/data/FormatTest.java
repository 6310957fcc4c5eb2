package org.ufunc4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ufunc4j.DType;
import org.ufunc4j.NDArray;

/**
 * {@link NDArray#toString()} prints as NumPy's {@code str()}: every expected string below is
 * NumPy 2.4's output for the same array (default print options), copied verbatim.
 */
class FormatTest {
  private final List<String> failures = new ArrayList<>();

  private void check(String numpy, NDArray a) {
    String got = a.toString();
    if (!numpy.equals(got)) {
      failures.add("shape " + NDArray.shapeString(a.shape()) + " " + a.dtype() + ":\n  NumPy: " + numpy.replace("\n", "\n         ") + "\n  ours:  " + got.replace("\n", "\n         "));
    }
  }

  @Test
  void strMatchesNumPy() {
    check("[0.5 1.  2.5]",
        NDArray.of(new double[] {0.5, 1, 2.5}));
    check("[1. 2. 3.]",
        NDArray.of(new double[] {1, 2, 3}));
    check("[[0. 1. 2.]\n [3. 4. 5.]]",
        NDArray.arange(0.0, 6.0, 1.0).reshape(2, 3));
    check("[[[ 0  1  2  3]\n  [ 4  5  6  7]\n  [ 8  9 10 11]]\n\n [[12 13 14 15]\n  [16 17 18 19]\n  [20 21 22 23]]]",
        NDArray.arange(24).reshape(2, 3, 4));
    check("[  -1   10 -100]",
        NDArray.of(new long[] {-1, 10, -100}));
    check("[ True False]",
        NDArray.of(new boolean[] {true, false}));
    check("[ True  True]",
        NDArray.of(new boolean[] {true, true}));
    check("[ nan  inf -inf  1.5]",
        NDArray.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5}));
    check("[nan]",
        NDArray.of(new double[] {Double.NaN}));
    check("[inf]",
        NDArray.of(new double[] {Double.POSITIVE_INFINITY}));
    check("[ 1.5 -inf]",
        NDArray.of(new double[] {1.5, Double.NEGATIVE_INFINITY}));
    check("[1.e-05    nan   -inf]",
        NDArray.of(new double[] {1e-5, Double.NaN, Double.NEGATIVE_INFINITY}));
    check("[   nan 1.e-05]",
        NDArray.of(new double[] {Double.NaN, 1e-5}));
    check("[]",
        NDArray.zeros(DType.FLOAT64, 0));
    check("[]",
        NDArray.zeros(DType.FLOAT64, 2, 0));
    check("[]",
        NDArray.zeros(DType.INT64, 0, 3));
    check("[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]",
        NDArray.arange(0.0, 2000.0, 1.0));
    check("[   0    1    2 ...  998  999 1000]",
        NDArray.arange(1001));
    check("[[   0    1    2 ...   47   48   49]\n [  50   51   52 ...   97   98   99]\n [ 100  101  102 ...  147  148  149]\n ...\n [1850 1851 1852 ... 1897 1898 1899]\n [1900 1901 1902 ... 1947 1948 1949]\n [1950 1951 1952 ... 1997 1998 1999]]",
        NDArray.arange(2000).reshape(40, 50));
    check("[[[   0    1    2 ...   17   18   19]\n  [  20   21   22 ...   37   38   39]\n  [  40   41   42 ...   57   58   59]\n  ...\n  [ 140  141  142 ...  157  158  159]\n  [ 160  161  162 ...  177  178  179]\n  [ 180  181  182 ...  197  198  199]]\n\n [[ 200  201  202 ...  217  218  219]\n  [ 220  221  222 ...  237  238  239]\n  [ 240  241  242 ...  257  258  259]\n  ...\n  [ 340  341  342 ...  357  358  359]\n  [ 360  361  362 ...  377  378  379]\n  [ 380  381  382 ...  397  398  399]]\n\n [[ 400  401  402 ...  417  418  419]\n  [ 420  421  422 ...  437  438  439]\n  [ 440  441  442 ...  457  458  459]\n  ...\n  [ 540  541  542 ...  557  558  559]\n  [ 560  561  562 ...  577  578  579]\n  [ 580  581  582 ...  597  598  599]]\n\n ...\n\n [[1400 1401 1402 ... 1417 1418 1419]\n  [1420 1421 1422 ... 1437 1438 1439]\n  [1440 1441 1442 ... 1457 1458 1459]\n  ...\n  [1540 1541 1542 ... 1557 1558 1559]\n  [1560 1561 1562 ... 1577 1578 1579]\n  [1580 1581 1582 ... 1597 1598 1599]]\n\n [[1600 1601 1602 ... 1617 1618 1619]\n  [1620 1621 1622 ... 1637 1638 1639]\n  [1640 1641 1642 ... 1657 1658 1659]\n  ...\n  [1740 1741 1742 ... 1757 1758 1759]\n  [1760 1761 1762 ... 1777 1778 1779]\n  [1780 1781 1782 ... 1797 1798 1799]]\n\n [[1800 1801 1802 ... 1817 1818 1819]\n  [1820 1821 1822 ... 1837 1838 1839]\n  [1840 1841 1842 ... 1857 1858 1859]\n  ...\n  [1940 1941 1942 ... 1957 1958 1959]\n  [1960 1961 1962 ... 1977 1978 1979]\n  [1980 1981 1982 ... 1997 1998 1999]]]",
        NDArray.arange(2000).reshape(10, 10, 20));
    check("[1.e-05 1.e+00]",
        NDArray.of(new double[] {1e-5, 1.0}));
    check("[1.e+00 1.e+05]",
        NDArray.of(new double[] {1.0, 1e5}));
    check("[1.e+16]",
        NDArray.of(new double[] {1e16}));
    check("[1.e+08]",
        NDArray.of(new double[] {1e8}));
    check("[10000000.]",
        NDArray.of(new double[] {1e7}));
    check("[12345678.9]",
        NDArray.of(new double[] {12345678.9}));
    check("[-0.  1.]",
        NDArray.of(new double[] {-0.0, 1.0}));
    check("[0.1 0.2]",
        NDArray.of(new float[] {0.1f, 0.2f}));
    check("[0.1  0.25]",
        NDArray.of(new double[] {0.1, 0.25}));
    check("[0.33333334]",
        NDArray.of(new float[] {1f / 3}));
    check("[0.33333333 2.        ]",
        NDArray.of(new double[] {1.0 / 3, 2.0}));
    check("[1.23456789 2.        ]",
        NDArray.of(new double[] {1.23456789012, 2}));
    check("[0.12345678 1.        ]",
        NDArray.of(new double[] {0.123456785, 1.0}));
    check("[0.000123]",
        NDArray.of(new double[] {0.000123}));
    check("[ 1.e+300 -1.e-300]",
        NDArray.of(new double[] {1e300, -1e-300}));
    check("[0. 0.]",
        NDArray.of(new double[] {0.0, 0.0}));
    check("[   1. 1000.]",
        NDArray.of(new double[] {1.0, 1000.0}));
    check("[1.000e+00 1.001e+03]",
        NDArray.of(new double[] {1.0, 1001.0}));
    check("[5.e-324 1.e+000]",
        NDArray.of(new double[] {Double.MIN_VALUE, 1.0}));
    check("[1.79769313e+308]",
        NDArray.of(new double[] {Double.MAX_VALUE}));
    check("[-1.5   2.25]",
        NDArray.of(new double[] {-1.5, 2.25}));
    check("[ 0.   1.5  3.   4.5  6.   7.5  9.  10.5 12.  13.5 15.  16.5 18.  19.5\n 21.  22.5 24.  25.5 27.  28.5 30.  31.5 33.  34.5 36.  37.5 39.  40.5\n 42.  43.5]",
        NDArray.arange(0.0, 45.0, 1.5));
    check("[[[0.  0.5]\n  [1.  1.5]]\n\n [[2.  2.5]\n  [3.  3.5]]]",
        NDArray.arange(0.0, 4.0, 0.5).reshape(2, 2, 2));
    check("[-128  127]",
        NDArray.of(new byte[] {-128, 127}));
    check("[-1.0000e-05  1.0000e+00  1.2325e+02]",
        NDArray.of(new double[] {-1e-5, 1.0, 123.25}));
    check("[-1.5e+10  2.0e+00]",
        NDArray.of(new double[] {-1.5e10, 2.0}));
    check("[[ 0.  3.  6.  9.]\n [10. 13. 16. 19.]\n [20. 23. 26. 29.]]",
        NDArray.arange(0.0, 30.0, 1.0).reshape(3, 10).slice(":, ::3"));
    check("[[ 0 20 40 60 80]\n [ 1 21 41 61 81]\n [ 2 22 42 62 82]\n [ 3 23 43 63 83]\n [ 4 24 44 64 84]\n [ 5 25 45 65 85]\n [ 6 26 46 66 86]\n [ 7 27 47 67 87]\n [ 8 28 48 68 88]\n [ 9 29 49 69 89]\n [10 30 50 70 90]\n [11 31 51 71 91]\n [12 32 52 72 92]\n [13 33 53 73 93]\n [14 34 54 74 94]\n [15 35 55 75 95]\n [16 36 56 76 96]\n [17 37 57 77 97]\n [18 38 58 78 98]\n [19 39 59 79 99]]",
        NDArray.arange(100).reshape(5, 20).transpose());
    check("3.5",
        NDArray.scalar(3.5));
    check("1.0",
        NDArray.scalar(1.0));
    check("0.3333333333333333",
        NDArray.scalar(1.0 / 3));
    check("1e+20",
        NDArray.scalar(1e20));
    check("1e-05",
        NDArray.scalar(1e-5));
    check("-0.0",
        NDArray.scalar(-0.0));
    check("nan",
        NDArray.scalar(Double.NaN));
    check("-inf",
        NDArray.scalar(Double.NEGATIVE_INFINITY));
    check("1.5e+16",
        NDArray.scalar(1.5e16));
    check("123456789.0",
        NDArray.scalar(123456789.0));
    check("0.1",
        NDArray.scalar(DType.FLOAT32, 0.1));
    check("1e+06",
        NDArray.scalar(DType.FLOAT32, 1e6));
    check("999999.0",
        NDArray.scalar(DType.FLOAT32, 999999.0));
    check("1.234567e+06",
        NDArray.scalar(DType.FLOAT32, 1234567.0));
    check("1e-04",
        NDArray.scalar(DType.FLOAT32, 1e-4));
    check("7",
        NDArray.scalar(DType.INT64, 7));
    check("-5",
        NDArray.scalar(DType.INT8, -5));
    check("True",
        NDArray.scalar(DType.BOOL, 1));
    check("False",
        NDArray.scalar(DType.BOOL, 0));
    check("[[0.         0.02564103 0.05128205 0.07692308 0.1025641  0.12820513\n  0.15384615 0.17948718 0.20512821 0.23076923 0.25641026 0.28205128\n  0.30769231 0.33333333 0.35897436 0.38461538 0.41025641 0.43589744\n  0.46153846 0.48717949]\n [0.51282051 0.53846154 0.56410256 0.58974359 0.61538462 0.64102564\n  0.66666667 0.69230769 0.71794872 0.74358974 0.76923077 0.79487179\n  0.82051282 0.84615385 0.87179487 0.8974359  0.92307692 0.94871795\n  0.97435897 1.        ]]",
        NDArray.linspace(0, 1, 40).reshape(2, 20));
    check("[[[   0    7   14   21   28   35   42   49   56   63   70   77   84   91\n     98  105  112  119  126  133  140  147  154  161  168  175  182  189\n    196  203  210  217  224  231  238  245  252  259  266  273  280  287\n    294  301  308  315  322  329  336  343  350  357  364  371  378  385\n    392  399  406  413  420  427  434  441  448  455  462  469  476  483\n    490  497  504  511  518  525  532  539  546  553  560  567  574  581\n    588  595  602  609  616  623  630  637  644  651  658  665  672  679\n    686  693  700  707  714  721  728  735  742  749  756  763  770  777\n    784  791  798  805  812  819  826  833  840  847  854  861  868  875\n    882  889  896  903  910  917  924  931  938  945  952  959  966  973\n    980  987  994]]\n\n [[1001 1008 1015 1022 1029 1036 1043 1050 1057 1064 1071 1078 1085 1092\n   1099 1106 1113 1120 1127 1134 1141 1148 1155 1162 1169 1176 1183 1190\n   1197 1204 1211 1218 1225 1232 1239 1246 1253 1260 1267 1274 1281 1288\n   1295 1302 1309 1316 1323 1330 1337 1344 1351 1358 1365 1372 1379 1386\n   1393 1400 1407 1414 1421 1428 1435 1442 1449 1456 1463 1470 1477 1484\n   1491 1498 1505 1512 1519 1526 1533 1540 1547 1554 1561 1568 1575 1582\n   1589 1596 1603 1610 1617 1624 1631 1638 1645 1652 1659 1666 1673 1680\n   1687 1694 1701 1708 1715 1722 1729 1736 1743 1750 1757 1764 1771 1778\n   1785 1792 1799 1806 1813 1820 1827 1834 1841 1848 1855 1862 1869 1876\n   1883 1890 1897 1904 1911 1918 1925 1932 1939 1946 1953 1960 1967 1974\n   1981 1988 1995]]\n\n [[2002 2009 2016 2023 2030 2037 2044 2051 2058 2065 2072 2079 2086 2093\n   2100 2107 2114 2121 2128 2135 2142 2149 2156 2163 2170 2177 2184 2191\n   2198 2205 2212 2219 2226 2233 2240 2247 2254 2261 2268 2275 2282 2289\n   2296 2303 2310 2317 2324 2331 2338 2345 2352 2359 2366 2373 2380 2387\n   2394 2401 2408 2415 2422 2429 2436 2443 2450 2457 2464 2471 2478 2485\n   2492 2499 2506 2513 2520 2527 2534 2541 2548 2555 2562 2569 2576 2583\n   2590 2597 2604 2611 2618 2625 2632 2639 2646 2653 2660 2667 2674 2681\n   2688 2695 2702 2709 2716 2723 2730 2737 2744 2751 2758 2765 2772 2779\n   2786 2793 2800 2807 2814 2821 2828 2835 2842 2849 2856 2863 2870 2877\n   2884 2891 2898 2905 2912 2919 2926 2933 2940 2947 2954 2961 2968 2975\n   2982 2989 2996]]]",
        NDArray.arange(0, 3000, 7).reshape(3, 1, 143));
    check("[[[-1.00000000e+00 -9.98331943e-01 -9.96663887e-01 ... -5.04587156e-01\n   -5.02919099e-01 -5.01251043e-01]\n  [-4.99582986e-01 -4.97914929e-01 -4.96246872e-01 ... -4.17014178e-03\n   -2.50208507e-03 -8.34028357e-04]]\n\n [[ 8.34028357e-04  2.50208507e-03  4.17014178e-03 ...  4.96246872e-01\n    4.97914929e-01  4.99582986e-01]\n  [ 5.01251043e-01  5.02919099e-01  5.04587156e-01 ...  9.96663887e-01\n    9.98331943e-01  1.00000000e+00]]]",
        NDArray.linspace(-1, 1, 1200).reshape(2, 2, 300));
    check("[[0.38676804 0.752307   0.23270911 0.09933937 0.18796009 0.38060892]\n [0.9855635  0.5111015  0.42645133 0.6034405  0.45047504 0.1367023 ]\n [0.8742506  0.45270717 0.9546788  0.93897516 0.8311021  0.46105093]\n [0.1573149  0.4552319  0.11486453 0.987465   0.1800806  0.8756524 ]]",
        NDArray.random(DType.FLOAT32, 5, 4, 6));
    check("[[0.73981701 0.44631372 0.0563429  0.10553885 0.5507422  0.82368802\n  0.19262026]\n [0.20265947 0.11787766 0.90874498 0.12442539 0.4980815  0.19881621\n  0.88747158]\n [0.40936634 0.03391752 0.61491923 0.51215038 0.90235755 0.22934629\n  0.99605363]]",
        NDArray.random(DType.FLOAT64, 6, 3, 7));
    assertEquals("", String.join("\n", failures), failures.size() + " arrays print differently from NumPy");
  }
}
