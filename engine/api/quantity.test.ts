import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addQuantities,
  bytesValue,
  canonicalQuantity,
  compareQuantities,
  formatQuantity,
  milliValue,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  QUANTITY_FORMAT_ERROR,
  QUANTITY_SUFFIX_ERROR,
  type Quantity,
  type QuantityFormat,
  QuantityParseError,
  quantityToNumber,
  subtractQuantities,
} from './quantity.ts';

const dec = (value: bigint | number, exponent: number, format: QuantityFormat = 'DecimalSI'): Quantity => ({
  value: BigInt(value),
  scale: exponent,
  format,
});
const MAX_INT64 = (1n << 63n) - 1n;

// Cases from apimachinery quantity_test.go TestQuantityParse.
const parseCases: [string, Quantity][] = [
  ['0', dec(0, 0)],
  ['0n', dec(0, 0)],
  ['0u', dec(0, 0)],
  ['0m', dec(0, 0)],
  ['0Ki', dec(0, 0, 'BinarySI')],
  ['0k', dec(0, 0)],
  ['0Mi', dec(0, 0, 'BinarySI')],
  ['0M', dec(0, 0)],
  ['0Gi', dec(0, 0, 'BinarySI')],
  ['0G', dec(0, 0)],
  ['0Ti', dec(0, 0, 'BinarySI')],
  ['0T', dec(0, 0)],
  ['1', dec(1, 0)],
  ['1Ki', dec(1024, 0, 'BinarySI')],
  ['8Ki', dec(8 * 1024, 0, 'BinarySI')],
  ['7Mi', dec(7 * 1024 * 1024, 0, 'BinarySI')],
  ['6Gi', dec(6 * 1024 ** 3, 0, 'BinarySI')],
  ['5Ti', dec(5 * 1024 ** 4, 0, 'BinarySI')],
  ['4Pi', dec(4n * 1024n ** 5n, 0, 'BinarySI')],
  ['3Ei', dec(3n * 1024n ** 6n, 0, 'BinarySI')],
  ['10Ti', dec(10 * 1024 ** 4, 0, 'BinarySI')],
  ['100Ti', dec(100 * 1024 ** 4, 0, 'BinarySI')],
  ['5n', dec(5, -9)],
  ['4u', dec(4, -6)],
  ['3m', dec(3, -3)],
  ['9', dec(9, 0)],
  ['8k', dec(8, 3)],
  ['50k', dec(5, 4)],
  ['7M', dec(7, 6)],
  ['6G', dec(6, 9)],
  ['5T', dec(5, 12)],
  ['40T', dec(4, 13)],
  ['300T', dec(3, 14)],
  ['2P', dec(2, 15)],
  ['1E', dec(1, 18)],
  ['1E-3', dec(1, -3, 'DecimalExponent')],
  ['1e3', dec(1, 3, 'DecimalExponent')],
  ['1E6', dec(1, 6, 'DecimalExponent')],
  ['1e9', dec(1, 9, 'DecimalExponent')],
  ['1E12', dec(1, 12, 'DecimalExponent')],
  ['1e15', dec(1, 15, 'DecimalExponent')],
  ['1E18', dec(1, 18, 'DecimalExponent')],
  ['1e14', dec(1, 14, 'DecimalExponent')],
  ['1e13', dec(1, 13, 'DecimalExponent')],
  ['100.035k', dec(100035, 0)],
  ['0.001', dec(1, -3)],
  ['0.0005k', dec(5, -1)],
  ['0.005', dec(5, -3)],
  ['0.05', dec(5, -2)],
  ['0.5', dec(5, -1)],
  ['0.00050k', dec(5, -1)],
  ['0.00500', dec(5, -3)],
  ['0.05000', dec(5, -2)],
  ['0.50000', dec(5, -1)],
  ['0.5e0', dec(5, -1, 'DecimalExponent')],
  ['0.5e-1', dec(5, -2, 'DecimalExponent')],
  ['0.5e-2', dec(5, -3, 'DecimalExponent')],
  ['10.035M', dec(10035, 3)],
  ['1.2e3', dec(12, 2, 'DecimalExponent')],
  ['1.3E+6', dec(13, 5, 'DecimalExponent')],
  ['1.40e9', dec(14, 8, 'DecimalExponent')],
  ['1.53E12', dec(153, 10, 'DecimalExponent')],
  ['1.6e15', dec(16, 14, 'DecimalExponent')],
  ['1.7E18', dec(17, 17, 'DecimalExponent')],
  ['9.01', dec(901, -2)],
  ['8.1k', dec(81, 2)],
  ['7.123456M', dec(7123456, 0)],
  ['6.987654321G', dec(6987654321, 0)],
  ['5.444T', dec(5444, 9)],
  ['40.1T', dec(401, 11)],
  ['300.2T', dec(3002, 11)],
  ['2.5P', dec(25, 14)],
  ['1.01E', dec(101, 16)],
  ['3.001n', dec(4, -9)],
  ['1.1E-9', dec(2, -9, 'DecimalExponent')],
  ['0.0000000001', dec(1, -9)],
  ['0.0000000005', dec(1, -9)],
  ['0.00000000050', dec(1, -9)],
  ['0.5e-9', dec(1, -9, 'DecimalExponent')],
  ['0.9n', dec(1, -9)],
  ['0.00000012345', dec(124, -9)],
  ['0.00000012354', dec(124, -9)],
  ['9Ei', dec(MAX_INT64, 0, 'BinarySI')],
  ['9223372036854775807Ki', dec(MAX_INT64, 0, 'BinarySI')],
  ['12E', dec(12, 18)],
  ['100.035Ki', dec(10243584, -2, 'BinarySI')],
  ['0.5Mi', dec(0.5 * 1024 * 1024, 0, 'BinarySI')],
  ['0.05Gi', dec(536870912, -1, 'BinarySI')],
  ['0.025Ti', dec(274877906944, -1, 'BinarySI')],
  ['0.000000000001Ki', dec(2, -9)],
  ['.001', dec(1, -3)],
  ['.0001k', dec(100, -3)],
  ['1.', dec(1, 0)],
  ['1.G', dec(1, 9)],
];

describe('parseQuantity', () => {
  for (const [input, expected] of parseCases) {
    it(`parses ${input}`, () => {
      const got = parseQuantity(input);
      assert.equal(compareQuantities(got, expected), 0, `${input}: got ${formatQuantity(got)}`);
      assert.equal(got.format, expected.format);
      const negative = parseQuantity(`-${input}`);
      assert.equal(compareQuantities(negative, { ...expected, value: -expected.value }), 0);
      assert.equal(negative.format, expected.format);
      const plus = parseQuantity(`+${input}`);
      assert.equal(compareQuantities(plus, expected), 0);
      assert.equal(plus.format, expected.format);
    });
  }

  const invalid: [string, string][] = [
    ['', QUANTITY_FORMAT_ERROR],
    ['1.1.M', QUANTITY_FORMAT_ERROR],
    ['1+1.0M', QUANTITY_FORMAT_ERROR],
    ['0.1mi', QUANTITY_SUFFIX_ERROR],
    ['0.1am', QUANTITY_FORMAT_ERROR],
    ['aoeu', QUANTITY_FORMAT_ERROR],
    ['.5i', QUANTITY_SUFFIX_ERROR],
    ['1i', QUANTITY_SUFFIX_ERROR],
    ['-3.01i', QUANTITY_SUFFIX_ERROR],
    ['-3.01e-', QUANTITY_SUFFIX_ERROR],
    [' 1', QUANTITY_FORMAT_ERROR],
    ['1 ', QUANTITY_FORMAT_ERROR],
    ['Non-Numeric', QUANTITY_FORMAT_ERROR],
  ];
  for (const [input, message] of invalid) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseQuantity(input),
        (error: unknown) => error instanceof QuantityParseError && error.message === message,
      );
    });
  }

  it('uses the exact upstream format error text', () => {
    assert.equal(
      QUANTITY_FORMAT_ERROR,
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });
});

// TestQuantityString: [value, expected canonical string, an alternate spelling of the same value].
const stringCases: [Quantity, string, string][] = [
  [dec(1024 ** 3, 0, 'BinarySI'), '1Gi', '1024Mi'],
  [dec(300 * 1024 * 1024, 0, 'BinarySI'), '300Mi', '307200Ki'],
  [dec(6 * 1024, 0, 'BinarySI'), '6Ki', ''],
  [dec(1001 * 1024 ** 3, 0, 'BinarySI'), '1001Gi', '1025024Mi'],
  [dec(1024 ** 4, 0, 'BinarySI'), '1Ti', '1024Gi'],
  [dec(5, 0, 'BinarySI'), '5', '5000m'],
  [dec(500, -3, 'BinarySI'), '500m', '0.5'],
  [dec(1, 9), '1G', '1000M'],
  [dec(1000, 6), '1G', '0.001T'],
  [dec(1000000, 3), '1G', ''],
  [dec(1000000000, 0), '1G', ''],
  [dec(1, -3), '1m', '1000u'],
  [dec(80, -3), '80m', ''],
  [dec(1080, -3), '1080m', '1.08'],
  [dec(108, -2), '1080m', '1080000000n'],
  [dec(10800, -4), '1080m', ''],
  [dec(300, 6), '300M', ''],
  [dec(1, 12), '1T', ''],
  [dec(1, 18), '1E', ''],
  [dec(1, 21), '1e21', '1000E'],
  [dec(5, 21), '5e21', '5000E'],
  [dec(1, 24), '1e24', '1000000E'],
  [dec(1234567, 6), '1234567M', ''],
  [dec(1234567, -3, 'BinarySI'), '1234567m', ''],
  [dec(3, 3), '3k', ''],
  [dec(1025, 0, 'BinarySI'), '1025', ''],
  [dec(0, 0), '0', ''],
  [dec(0, 0, 'BinarySI'), '0', ''],
  [dec(1, 9, 'DecimalExponent'), '1e9', '.001e12'],
  [dec(1, -3, 'DecimalExponent'), '1e-3', '0.001e0'],
  [dec(1, -9, 'DecimalExponent'), '1e-9', '1000e-12'],
  [dec(80, -3, 'DecimalExponent'), '80e-3', ''],
  [dec(300, 6, 'DecimalExponent'), '300e6', ''],
  [dec(1, 12, 'DecimalExponent'), '1e12', ''],
  [dec(1, 3, 'DecimalExponent'), '1e3', ''],
  [dec(3, 3, 'DecimalExponent'), '3e3', ''],
  [dec(0, 0, 'DecimalExponent'), '0', '00'],
  [dec(1, -9), '1n', ''],
  [dec(80, -9), '80n', ''],
  [dec(1080, -9), '1080n', ''],
  [dec(108, -8), '1080n', ''],
  [dec(10800, -10), '1080n', ''],
  [dec(1, -6), '1u', ''],
  [dec(80, -6), '80u', ''],
  [dec(1080, -6), '1080u', ''],
];

describe('formatQuantity', () => {
  for (const [quantity, expected, alternate] of stringCases) {
    it(`writes ${expected}`, () => {
      assert.equal(formatQuantity(quantity), expected);
      const reparsed = parseQuantity(expected);
      assert.equal(formatQuantity(reparsed), expected);
      if (alternate) assert.equal(formatQuantity(parseQuantity(alternate)), expected);
      if (quantity.value !== 0n)
        assert.equal(formatQuantity({ ...quantity, value: -quantity.value }), `-${expected}`);
    });
  }

  // TestQuantityParseEmit plus the brief's examples.
  const emitCases: [string, string][] = [
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
    ['0.5', '500m'],
    ['1.5Gi', '1536Mi'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['129M', '129M'],
    ['100M', '100M'],
    ['1000m', '1'],
    ['2000Mi', '2000Mi'],
    ['0.1', '100m'],
    ['12e2', '1200'],
  ];
  for (const [input, expected] of emitCases) {
    it(`emits ${input} as ${expected}`, () => {
      assert.equal(canonicalQuantity(input), expected);
      if (expected !== '0') assert.equal(canonicalQuantity(`-${input}`), `-${expected}`);
    });
  }

  it('keeps already-canonical input text as upstream caches it', () => {
    assert.equal(canonicalQuantity('1E3'), '1E3');
    assert.equal(canonicalQuantity('+1'), '+1');
    assert.equal(canonicalQuantity('+1000'), '1k');
  });
});

describe('arithmetic', () => {
  // TestAdd / TestSub.
  const addCases: [Quantity, Quantity, Quantity][] = [
    [dec(10, 0), dec(1, 1), dec(20, 0)],
    [dec(10, 0), dec(1, 0, 'BinarySI'), dec(11, 0)],
    [dec(10, 0, 'BinarySI'), dec(1, 0), dec(11, 0, 'BinarySI')],
    [dec(0, 0), dec(50, 0), dec(50, 0)],
    [dec(50, 0), dec(0, 0), dec(50, 0)],
    [dec(0, 0), dec(0, 0), dec(0, 0)],
  ];
  for (const [a, b, expected] of addCases) {
    it(`adds ${formatQuantity(a)} + ${formatQuantity(b)}`, () => {
      const sum = addQuantities(a, b);
      assert.equal(compareQuantities(sum, expected), 0);
      assert.equal(sum.format, expected.format);
    });
  }

  const subCases: [Quantity, Quantity, Quantity][] = [
    [dec(10, 0), dec(1, 1), dec(0, 0)],
    [dec(10, 0), dec(1, 0, 'BinarySI'), dec(9, 0)],
    [dec(10, 0, 'BinarySI'), dec(1, 0), dec(9, 0, 'BinarySI')],
    [dec(0, 0), dec(50, 0), dec(-50, 0)],
    [dec(50, 0), dec(0, 0), dec(50, 0)],
  ];
  for (const [a, b, expected] of subCases) {
    it(`subtracts ${formatQuantity(a)} - ${formatQuantity(b)}`, () => {
      assert.equal(compareQuantities(subtractQuantities(a, b), expected), 0);
    });
  }

  it('keeps the first operand format, or the second when the first is zero', () => {
    assert.equal(formatQuantity(addQuantities(parseQuantity('1Gi'), parseQuantity('512Mi'))), '1536Mi');
    assert.equal(
      formatQuantity(addQuantities(parseQuantity('500m'), parseQuantity('1Gi'))),
      '1073741824500m',
    );
    assert.equal(formatQuantity(addQuantities(parseQuantity('0'), parseQuantity('1Gi'))), '1Gi');
    assert.equal(formatQuantity(addQuantities(parseQuantity('100m'), parseQuantity('0'))), '100m');
    assert.equal(formatQuantity(subtractQuantities(parseQuantity('0'), parseQuantity('1Gi'))), '-1Gi');
    assert.equal(formatQuantity(addQuantities(parseQuantity('1'), parseQuantity('500m'))), '1500m');
  });

  // TestQuantityCmp.
  const cmpCases: [string, string, number][] = [
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
    ['1Gi', '1073741824', 0],
    ['1e3', '1k', 0],
    ['-1', '1m', -1],
  ];
  for (const [x, y, expected] of cmpCases) {
    it(`compares ${x} with ${y}`, () => {
      assert.equal(compareQuantities(parseQuantity(x), parseQuantity(y)), expected);
      assert.equal(compareQuantities(parseQuantity(y), parseQuantity(x)), -expected || 0);
    });
  }
});

describe('constructors and numbers', () => {
  // TestMilliNewSet / TestNewSet / TestNewScaledSet.
  const milliCases: [number, QuantityFormat, string][] = [
    [1, 'DecimalSI', '1m'],
    [1000, 'DecimalSI', '1'],
    [1234000, 'DecimalSI', '1234'],
    [1024, 'BinarySI', '1024m'],
    [1024 * 1024, 'BinarySI', '1048576m'],
  ];
  for (const [value, format, expected] of milliCases) {
    it(`new milli quantity ${value} ${format} is ${expected}`, () => {
      assert.equal(formatQuantity(newMilliQuantity(value, format)), expected);
    });
  }
  const newCases: [number, QuantityFormat, string][] = [
    [1, 'DecimalSI', '1'],
    [1000, 'DecimalSI', '1k'],
    [1234000, 'DecimalSI', '1234k'],
    [1024, 'BinarySI', '1Ki'],
    [1000000, 'DecimalExponent', '1e6'],
    [1024 * 1024, 'BinarySI', '1Mi'],
  ];
  for (const [value, format, expected] of newCases) {
    it(`new quantity ${value} ${format} is ${expected}`, () => {
      assert.equal(formatQuantity(newQuantity(value, format)), expected);
      assert.equal(quantityToNumber(parseQuantity(expected)), value);
    });
  }
  const scaledCases: [number, number, string][] = [
    [1, -9, '1n'],
    [1000, -9, '1u'],
    [1, -6, '1u'],
    [1000, -6, '1m'],
    [1, -3, '1m'],
    [1000, -3, '1'],
    [1, 0, '1'],
    [0, -9, '0'],
  ];
  for (const [value, scale, expected] of scaledCases) {
    it(`new scaled quantity ${value}e${scale} is ${expected}`, () => {
      assert.equal(formatQuantity(newScaledQuantity(value, scale)), expected);
    });
  }

  // TestScaledValue: 1×10^from expressed in units of 10^to, rounded up.
  const scaledValueCases: [number, string, number][] = [
    [-9, 'n', 1],
    [-9, 'u', 1],
    [-9, 'm', 1],
    [-9, '', 1],
    [-6, 'n', 1000],
    [-6, 'm', 1],
    [-3, 'n', 1000 * 1000],
    [-3, 'u', 1000],
    [-3, '', 1],
    [0, 'n', 1000 * 1000 * 1000],
    [0, 'm', 1000],
    [0, '', 1],
  ];
  for (const [from, unit, expected] of scaledValueCases) {
    it(`1e${from} in unit '${unit}' is ${expected}`, () => {
      assert.equal(quantityToNumber(newScaledQuantity(1, from), unit), expected);
    });
  }

  const valueCases: [string, number, number][] = [
    ['500m', 500, 1],
    ['0.5', 500, 1],
    ['1', 1000, 1],
    ['2', 2000, 2],
    ['100m', 100, 1],
    ['1Gi', 1073741824000, 1073741824],
    ['128974848', 128974848000, 128974848],
    ['129e6', 129000000000, 129000000],
    ['0.1m', 1, 1],
    ['1.5Gi', 1610612736000, 1610612736],
  ];
  for (const [text, milli, value] of valueCases) {
    it(`${text} is ${milli} milli and ${value} whole, rounded up`, () => {
      assert.equal(milliValue(text), milli);
      assert.equal(bytesValue(text), value);
    });
  }

  it('converts to binary units rounding up', () => {
    assert.equal(quantityToNumber(parseQuantity('1Gi'), 'Mi'), 1024);
    assert.equal(quantityToNumber(parseQuantity('1500Ki'), 'Mi'), 2);
  });
});
