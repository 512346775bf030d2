/**
 * The places of the dev world's map: the (fictitious) municipality Smartegem and its neighbour
 * Andergem, laid on real coordinates in East Flanders so that conversions and distances are
 * plausible. The streets are those of the dev population's addresses.
 */

/** One address of the simulated register, with its position in both systems. */
export interface SimulatedAddress {
  /** The register's object id. */
  id: string;
  street: string;
  houseNumber: string;
  box?: string;
  postcode: string;
  municipality: string;
  nisCode: string;
  /** Lambert 72 (EPSG:31370), metres, as the register stores it. */
  x: number;
  y: number;
  /** The same point in WGS84 degrees (for the tile stand-in). */
  lat: number;
  lon: number;
}

let next = 30_000_001;
function a(
  street: string,
  houseNumber: string,
  postcode: string,
  municipality: string,
  x: number,
  y: number,
  lat: number,
  lon: number,
): SimulatedAddress {
  return {
    id: String(next++),
    street,
    houseNumber,
    postcode,
    municipality,
    nisCode: municipality === 'Smartegem' ? '99001' : '99002',
    x,
    y,
    lat,
    lon,
  };
}

/** Addresses of Smartegem (9999) and Andergem (9998); Lambert 72 computed with EPSG:31370's 7-parameter shift. */
export const DEV_ADDRESSES: readonly SimulatedAddress[] = [
  a('Marktplein', '1', '9999', 'Smartegem', 121985.24, 183378.31, 50.96, 3.97),
  a('Kerkstraat', '10', '9999', 'Smartegem', 121901.66, 183512.25, 50.9612, 3.9688),
  a('Kerkstraat', '12', '9999', 'Smartegem', 121889.1, 183529.01, 50.96135, 3.96862),
  a('Kerkstraat', '14', '9999', 'Smartegem', 121877.25, 183545.76, 50.9615, 3.96845),
  a('Stationsstraat', '5', '9999', 'Smartegem', 122229.84, 183132.26, 50.9578, 3.9735),
  a('Schoolstraat', '21', '9999', 'Smartegem', 122281.79, 183654.84, 50.9625, 3.9742),
  a('Veldstraat', '17', '9999', 'Smartegem', 121385.15, 182847.58, 50.9552, 3.9615),
  a('Beekstraat', '9', '9999', 'Smartegem', 121671.99, 183913.98, 50.9648, 3.9655),
  a('Akkerstraat', '33', '9999', 'Smartegem', 122459.34, 182686.06, 50.9538, 3.9768),
  a('Kapelstraat', '7', '9999', 'Smartegem', 122621.21, 184075.79, 50.9663, 3.979),
  a('Leiestraat', '40', '9999', 'Smartegem', 121141.57, 183271.65, 50.959, 3.958),
  a('Brugstraat', '61', '9998', 'Andergem', 124444.72, 183476.95, 50.961, 4.005),
  a('Kerkstraat', '3', '9998', 'Andergem', 124654.13, 183197.81, 50.9585, 4.008),
  a('Molenstraat', '2', '9998', 'Andergem', 124867.31, 183697.39, 50.963, 4.011),
];

/** Smartegem's boundary as GeoJSON (WGS84, longitude first), for the meldingen plugin's `boundary`. */
export const SMARTEGEM_BOUNDARY = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [3.95, 50.95],
      [3.972, 50.948],
      [3.992, 50.95],
      [3.992, 50.972],
      [3.96, 50.972],
      [3.95, 50.965],
      [3.95, 50.95],
    ],
  ],
};

/** The middle of Smartegem (the market square), where a map opens. */
export const SMARTEGEM_CENTRE = { lat: 50.96, lon: 3.97 } as const;
