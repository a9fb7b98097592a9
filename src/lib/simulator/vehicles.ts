// Vehicles and their owners, made with @faker-js/faker in the locale of the country they are
// registered in. Each vehicle comes from its own seed, so it is the same whatever came before it.
import type { Faker } from '@faker-js/faker';
import type { Propulsion, Vehicle } from './events';
import { countries, type Country, type CountryStyle } from './places';

interface Model {
	name: string;
	propulsion: Propulsion[];
	/** How common it is on the road, relative to the others. */
	weight: number;
	years: [number, number];
}

const models: Model[] = [
	{ name: 'Volkswagen Golf', propulsion: ['gasoline'], weight: 10, years: [2012, 2025] },
	{ name: 'Volkswagen ID.4', propulsion: ['electric'], weight: 4, years: [2021, 2025] },
	{ name: 'Renault Clio', propulsion: ['gasoline'], weight: 8, years: [2013, 2025] },
	{ name: 'Renault Zoe', propulsion: ['electric'], weight: 3, years: [2013, 2024] },
	{ name: 'Peugeot 208', propulsion: ['gasoline'], weight: 8, years: [2012, 2025] },
	{ name: 'Peugeot 3008 Hybrid', propulsion: ['gasoline', 'electric'], weight: 3, years: [2020, 2025] },
	{ name: 'Citroën C3', propulsion: ['diesel'], weight: 5, years: [2016, 2024] },
	{ name: 'Dacia Sandero ECO-G', propulsion: ['gasoline', 'lpg'], weight: 4, years: [2020, 2025] },
	{ name: 'Fiat Panda Natural Power', propulsion: ['gasoline', 'cng'], weight: 2, years: [2013, 2022] },
	{ name: 'Škoda Octavia Combi', propulsion: ['diesel'], weight: 6, years: [2013, 2025] },
	{ name: 'BMW 320d Touring', propulsion: ['diesel'], weight: 5, years: [2015, 2025] },
	{ name: 'BMW i4 eDrive40', propulsion: ['electric'], weight: 2, years: [2022, 2025] },
	{ name: 'Mercedes-Benz C 300 e', propulsion: ['gasoline', 'electric'], weight: 3, years: [2021, 2025] },
	{ name: 'Audi A4 Avant', propulsion: ['diesel'], weight: 4, years: [2015, 2024] },
	{ name: 'Tesla Model 3', propulsion: ['electric'], weight: 4, years: [2019, 2025] },
	{ name: 'Toyota Yaris Hybrid', propulsion: ['gasoline', 'electric'], weight: 5, years: [2017, 2025] },
	{ name: 'Toyota Mirai', propulsion: ['hydrogen', 'electric'], weight: 1, years: [2021, 2025] },
	{ name: 'Hyundai Nexo', propulsion: ['hydrogen', 'electric'], weight: 1, years: [2019, 2025] },
	{ name: 'Volvo XC60 Recharge', propulsion: ['gasoline', 'electric'], weight: 2, years: [2020, 2025] },
	{ name: 'Porsche 911 Carrera S', propulsion: ['gasoline'], weight: 1, years: [2016, 2025] },
	{ name: 'Porsche Taycan 4S', propulsion: ['electric'], weight: 1, years: [2020, 2025] },
	{ name: 'Ford Transit Custom', propulsion: ['diesel'], weight: 3, years: [2014, 2025] },
	{ name: 'Opel Corsa', propulsion: ['gasoline'], weight: 6, years: [2015, 2025] },
	{ name: 'Seat Leon', propulsion: ['gasoline'], weight: 4, years: [2013, 2025] },
	{ name: 'Kia Niro EV', propulsion: ['electric'], weight: 2, years: [2019, 2025] }
];

export interface Car {
	vin: string;
	vehicle: Vehicle;
	/** The energy stores on board, as an eCall data set names them. */
	propulsion: Propulsion[];
}

export type VehicleMaker = (seed: number, country: Country) => Car;

function plateOf(faker: Faker, style: CountryStyle): string {
	const rest = faker.helpers.fromRegExp(style.plate);
	return style.regions ? `${faker.helpers.arrayElement(style.regions)} ${rest}` : rest;
}

export async function loadVehicleMaker(): Promise<VehicleMaker> {
	// Imported on demand: the other `soc` commands should not wait for faker's locales to load.
	const { Faker, allLocales, base, en } = await import('@faker-js/faker');
	const fakers = new Map<Country, Faker>();
	for (const [code, style] of Object.entries(countries) as [Country, (typeof countries)[Country]][]) {
		const locale = allLocales[style.locale as keyof typeof allLocales];
		fakers.set(code, new Faker({ locale: [locale, en, base] }));
	}
	return (seed, country) => {
		const faker = fakers.get(country)!;
		faker.seed(seed);
		const style = countries[country];
		const model = faker.helpers.weightedArrayElement(models.map((value) => ({ weight: value.weight, value })));
		const colour = faker.vehicle.color();
		return {
			vin: faker.vehicle.vin(),
			propulsion: model.propulsion,
			vehicle: {
				model: model.name,
				modelYear: faker.number.int({ min: model.years[0], max: model.years[1] }),
				colour: colour.charAt(0).toUpperCase() + colour.slice(1),
				plate: plateOf(faker, style),
				owner: {
					name: `${faker.person.firstName()} ${faker.person.lastName()}`,
					phone: faker.helpers.replaceSymbols(style.phone),
					language: style.language
				}
			}
		};
	};
}
