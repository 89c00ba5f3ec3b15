// The days the RNN reads and the reader's edits to them: plain data, no DOM and no TF.js.
//
// data/weather-days.json (scripts/save_weather_days.py) holds every 2015 test day, and the 13 days of 2014
// that the first windows reach back to, as columns of measurements. "Today" is a day of 2015; the window is the
// 14 days ending today, oldest first, which is what the model was trained on: it forecasts whether tomorrow is
// wet. Edits are kept per date (they stay with their day while the window slides) and never change the file.
// An edit sets measurements; the fifth input, the wet flag, always follows the precipitation (wet: above 0 mm):
//   * wet/dry (a click on the day): a day made dry gets 0 mm; a day made wet gets its own measured precipitation
//     if it really was wet, else the training years' median wet-day precipitation (shipped in the file);
//   * a typed (or dragged) precipitation, temperature or wind: a number held to the range measured in the data,
//     and the lowest temperature to at most the highest.

// Every measurement the model reads, as the reader edits it. `other`: the temperature it must not cross.
export const MEASURED = {
  precipitation: { label: "Precipitation", unit: "mm" },
  temp_max: { label: "Highest temperature", unit: "°C", other: "temp_min" },
  temp_min: { label: "Lowest temperature", unit: "°C", other: "temp_max" },
  wind: { label: "Wind", unit: "m/s" },
};

// "2015-03-04" -> "Wed 4 Mar" (short) or "Wednesday, 4 March 2015" (long). Dates are calendar days: UTC, so the
// reader's time zone never moves them. Spelled out here rather than by Intl.DateTimeFormat, whose first use
// loads the locale's data: tens of milliseconds on a phone, while the demo draws its first days.
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function formatDate(iso, style = "short") {
  const date = new Date(`${iso}T00:00:00Z`);
  const [weekday, month] = [WEEKDAYS[date.getUTCDay()], MONTHS[date.getUTCMonth()]];
  if (style === "short") return `${weekday.slice(0, 3)} ${date.getUTCDate()} ${month.slice(0, 3)}`;
  return `${weekday}, ${date.getUTCDate()} ${month} ${date.getUTCFullYear()}`;
}

// One decimal, with a real minus sign: "−1.6".
export const formatMeasurement = (value) => value.toFixed(1).replace("-", "−");

export function createDays(file, card) {
  const columns = file.days;
  const count = columns.date.length;
  const window = card.input.window;
  const { features, mean, std } = card.input.standardisation;
  const firstToday = columns.date.indexOf(file.first_test_day);
  if (firstToday < window - 1) throw new Error("the days file lacks the days before the first test day");

  function real(index) {
    return {
      date: columns.date[index],
      precipitation: columns.precipitation[index],
      temp_max: columns.temp_max[index],
      temp_min: columns.temp_min[index],
      wind: columns.wind[index],
      wet: columns.wet[index],
    };
  }

  // The day as the model sees it: the real measurements with the reader's edits applied, and the wet flag
  // recomputed from an edited precipitation.
  function day(index, edits) {
    const measured = real(index);
    const edit = edits.get(measured.date);
    if (!edit) return { ...measured, edited: false };
    const shown = { ...measured, ...edit, edited: true };
    if ("precipitation" in edit) shown.wet = edit.precipitation > 0 ? 1 : 0;
    return shown;
  }

  return {
    window,
    firstToday,
    lastToday: count - 1,
    ranges: file.edits.ranges,
    rainAmounts: { dry: file.edits.dry_precipitation_mm, wet: file.edits.wet_precipitation_mm },
    markov: file.markov,
    indexOf: (iso) => columns.date.indexOf(iso),
    dateAt: (index) => columns.date[index],
    real,
    day,
    // The window that ends on day `today`, oldest first.
    windowDays(today, edits) {
      return Array.from({ length: window }, (_, k) => day(today - window + 1 + k, edits));
    },
    // (x - mean) / std per feature with the training years' numbers from the model card: window × features.
    standardise(days) {
      const x = new Float32Array(days.length * features.length);
      days.forEach((d, t) =>
        features.forEach((name, f) => (x[t * features.length + f] = (Number(d[name]) - mean[f]) / std[f])),
      );
      return x;
    },
    features,
    // Tomorrow as measured, or null after the last day of the data.
    tomorrow: (today) => (today + 1 < count ? real(today + 1) : null),
  };
}

// Edits are a Map date -> {precipitation?, temp_max?, temp_min?, wind?}; every change returns a new Map (the old
// one is what the last forecast used). An edit that gives back the measured value is dropped, so "edited" means
// really changed.
function withEdit(edits, measured, changes) {
  const next = new Map(edits);
  const edit = { ...(edits.get(measured.date) ?? {}), ...changes };
  for (const [key, value] of Object.entries(edit)) if (value === measured[key]) delete edit[key];
  if (Object.keys(edit).length) next.set(measured.date, edit);
  else next.delete(measured.date);
  return next;
}

// Wet becomes dry (0 mm) and dry becomes wet (the day's own amount if it really rained, else the median).
export function toggleWet(days, edits, index) {
  const measured = days.real(index);
  const { dry, wet } = days.rainAmounts;
  const precipitation = days.day(index, edits).wet ? dry : measured.wet ? measured.precipitation : wet;
  return withEdit(edits, measured, { precipitation });
}

// "12", "-3.5", " 7 " are numbers; "", "abc", "1e" are not.
function parseNumber(text) {
  const trimmed = text.trim();
  if (!/^[-+−]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return null;
  return Number(trimmed.replace("−", "-"));
}

// "3.2 mm", "−1.6 °C": a measurement with its unit.
export const withUnit = (name, value) => `${formatMeasurement(value)} ${MEASURED[name].unit}`;

// {edits} with the typed measurement applied, or {error} saying why it was not (the edits are then unchanged).
export function setMeasurement(days, edits, index, name, text) {
  const { label, unit, other } = MEASURED[name];
  const current = days.day(index, edits);
  const kept = `the forecast still uses ${withUnit(name, current[name])}`;
  const unitName = { "°C": "degrees Celsius", mm: "millimetres", "m/s": "metres per second" }[unit];
  if (text.trim() === "") return { error: `${label}: type a number of ${unitName}; ${kept}.` };
  const value = parseNumber(text);
  if (value === null) return { error: `${label}: “${text.trim()}” is not a number; ${kept}.` };
  const [low, high] = days.ranges[name];
  if (value < low || value > high) {
    return {
      error:
        `${label}: ${withUnit(name, value)} is outside the range measured in Seattle in 2012–2015 ` +
        `(${formatMeasurement(low)} to ${withUnit(name, high)}); ${kept}.`,
    };
  }
  if (other) {
    const otherValue = current[other];
    if (name === "temp_max" ? value < otherValue : value > otherValue) {
      const relation = name === "temp_max" ? "below the lowest" : "above the highest";
      const limit = withUnit(other, otherValue);
      return { error: `${label}: ${withUnit(name, value)} would be ${relation} (${limit}); ${kept}.` };
    }
  }
  return { edits: withEdit(edits, days.real(index), { [name]: value }) };
}

// The baselines' forecasts for tomorrow from today alone.
export function markovWetProbability(days, todayWet) {
  return todayWet ? days.markov.p_wet_tomorrow_given_wet_today : days.markov.p_wet_tomorrow_given_dry_today;
}

// The calendar day after `iso` (for "tomorrow" after the last day of the data).
export function nextDate(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
