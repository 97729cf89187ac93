import type { SeededRandom } from './seeded-random.js';

/**
 * Names for synthetic children. First names are ordinary; surnames are invented and whimsical so that no generated
 * child can be mistaken for a real person. Names travel only with a new child's first contact (for the API's person
 * matching); the journey itself never records a name.
 */
export interface SyntheticPerson {
  /** Null for an unborn child, who usually has no name yet. */
  readonly firstName: string | null;
  readonly lastName: string;
}

const FIRST_NAMES = [
  'Amara', 'Ben', 'Chloe', 'Dylan', 'Ella', 'Finn', 'Grace', 'Harry', 'Isla', 'Jack', 'Kai', 'Layla', 'Mason', 'Nia',
  'Oscar', 'Poppy', 'Quinn', 'Rosie', 'Sami', 'Tia', 'Umar', 'Violet', 'Wren', 'Xander', 'Yasmin', 'Zac', 'Aisha',
  'Bailey', 'Callum', 'Daisy', 'Elliot', 'Freya', 'George', 'Hana', 'Idris', 'Jade', 'Kian', 'Lola', 'Milo', 'Nadia',
  'Ollie', 'Priya', 'Reuben', 'Sofia', 'Theo', 'Uma', 'Vinnie', 'Willow', 'Yusuf', 'Zara', 'Alfie', 'Bella', 'Caleb',
  'Darcy', 'Ezra', 'Fatima', 'Gabriel', 'Holly', 'Ivy', 'Jayden', 'Keira', 'Leo', 'Maya', 'Noah', 'Orla', 'Phoebe',
];

const SURNAMES = [
  'Applebramble', 'Bumblethorn', 'Copperkettle', 'Dandelionby', 'Elderwhistle', 'Fernpuddle', 'Gooseberrow',
  'Hazelsprocket', 'Inkwellby', 'Juniperwick', 'Kettlefrost', 'Lanternmoss', 'Marmalode', 'Nettlebun', 'Oakpuddle',
  'Pebblewhisk', 'Quillberry', 'Rhubarbton', 'Sprocketfield', 'Thimblewick', 'Umberfizz', 'Velvetbrook',
  'Wobblestone', 'Yarrowmuff', 'Zephyrcombe', 'Acornwhistle', 'Biscuitmoor', 'Crumpetdale', 'Driftwhisker',
  'Emberpudding', 'Fiddlesprout', 'Gingerwhick', 'Honeybramble', 'Icicleby', 'Jamjarrow', 'Kipperwhistle',
  'Lollyhock', 'Muffinshaw', 'Noodlecombe', 'Oatcakeby', 'Parsnipwick', 'Quibblestone', 'Ripplebun', 'Saffronpuddle',
  'Toffeemoor', 'Umbrellaby', 'Vanillawick', 'Waffleworth', 'Yodelbrook', 'Zigzagby', 'Buttonmoss', 'Cloudberrow',
];

export function syntheticPerson(rng: SeededRandom, unborn: boolean): SyntheticPerson {
  const lastName = rng.pick(SURNAMES);
  return { firstName: unborn ? null : rng.pick(FIRST_NAMES), lastName };
}

/**
 * The API matches people on surname, first initial and date (of birth, or expected): generated children are kept
 * apart on it, so seeding never meets a "possible duplicate" answer.
 */
export function personMatchKey(person: SyntheticPerson, date: string): string {
  return `${person.lastName.toLowerCase()}|${(person.firstName ?? '').charAt(0).toLowerCase()}|${date}`;
}
